using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>
/// Beliefs from the biomarker-conditioned <see cref="TwinPrior"/> (the prior DT-SMDRL's twins come from), updated by
/// the particle posterior <see cref="TwinPosterior"/>. This prior is the cohort generator's own, so it is
/// well-specified: Twin-MPC built on it is a ceiling for a method that must learn its prior from data.
/// Missing covariates are imputed once per patient from the population (as <see cref="TwinPosterior"/> needs fixed covariates).
/// </summary>
public sealed class BiomarkerPosteriorSource(TwinPrior prior, PosteriorOptions options) : ITwinBeliefSource
{
    public string Description => "biomarker-conditioned prior (the generator's own), particle posterior";

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null) { }

    public ITwinBelief Start(PatientRecord observed, int seed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var covariates = prior.ObservedCovariates(observed, new Random(seed));
        return new Belief(new TwinPosterior(prior, covariates, options with { Seed = seed }));
    }

    private sealed class Belief(TwinPosterior posterior) : ITwinBelief
    {
        public void Update(ObservedHistory history) => posterior.Update(history);

        public NsclcParameters[] Sample(int count) => posterior.SampleParameters(count);
    }
}
