using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The study's default patient view ("without fusion"): the 19 plain concatenated <see cref="PatientContext"/> features and
/// twins from the biomarker-conditioned <see cref="TwinPrior"/>; with <paramref name="pointEstimate"/>, every sample is the
/// same point estimate (<see cref="TwinPrior.PointEstimate"/>, the ablation "without uncertainty").
/// </summary>
public sealed class BiomarkerTwinSource(TwinPrior prior, bool pointEstimate = false) : IPatientTwinSource
{
    public string Description => pointEstimate ? "plain features, point-estimate twin" : "plain features, biomarker-conditioned prior";

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null) { }

    public void Precompute(IReadOnlyList<PatientRecord> records) { }

    public float[] Context(PatientRecord observed) => PatientContext.Features(observed);

    public NsclcParameters[] SampleTwins(PatientRecord observed, int count, Random rng) => pointEstimate
        ? Enumerable.Repeat(prior.PointEstimate(prior.ObservedCovariates(observed, rng)), count).ToArray()
        : PatientContext.SampleTwins(observed, prior, count, rng);
}
