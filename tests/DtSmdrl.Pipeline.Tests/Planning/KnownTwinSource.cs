using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Planning;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Tests.Planning;

/// <summary>A belief collapsed on each patient's true twin: every sample is the truth, updates change nothing.</summary>
internal sealed class KnownTwinSource(IReadOnlyDictionary<string, NsclcParameters> truth) : ITwinBeliefSource
{
    public string Description => "the true twin";

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null) { }

    public ITwinBelief Start(PatientRecord observed, int seed) => new Known(truth[observed.PatientId]);

    private sealed class Known(NsclcParameters twin) : ITwinBelief
    {
        public void Update(ObservedHistory history) => history.Validate();

        public NsclcParameters[] Sample(int count) => Enumerable.Repeat(twin, count).ToArray();
    }
}
