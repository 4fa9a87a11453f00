using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// How the DT-SMDRL agent sees a patient: the context vector its policy reads and the twin samples it trains, adapts
/// and forecasts on, both from the OBSERVED record only.
/// </summary>
public interface IPatientTwinSource
{
    /// <summary>Short description for logs and reports.</summary>
    string Description { get; }

    /// <summary>Learns whatever the source needs from the training data (nothing for a fixed prior). Deterministic for a seed.</summary>
    void Fit(StudyData data, int seed, IProgress<string>? progress = null);

    /// <summary>Batch work ahead of many <see cref="Context"/> / <see cref="SampleTwins"/> calls for these records (may do nothing).</summary>
    void Precompute(IReadOnlyList<PatientRecord> records);

    /// <summary>The policy's patient context.</summary>
    float[] Context(PatientRecord observed);

    /// <summary><paramref name="count"/> twin samples of the patient.</summary>
    NsclcParameters[] SampleTwins(PatientRecord observed, int count, Random rng);
}
