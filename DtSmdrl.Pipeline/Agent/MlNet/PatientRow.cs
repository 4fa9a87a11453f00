using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Agent.MlNet;

/// <summary>One input row as the agent needs it: id, context vector and the twin prior's covariates (null = missing).</summary>
public sealed record PatientRow(
    string Id, float[] Context, bool? EgfrMutant, double? Pdl1Tps, double? Tmb, double? AgeYears, int? Ecog, IReadOnlyList<double> LesionsMm)
{
    /// <summary>The fusion model's twin-latent prior mean and spread for this patient (null: use the biomarker-conditioned prior).</summary>
    public (float[] Mean, float[] Spread)? FusionLatent { get; init; }

    /// <summary>
    /// A generator for this patient's twin samples that depends only on the id, the seed and the stream
    /// (<see cref="StableSeed"/>), so results do not depend on row order or on the process.
    /// </summary>
    public Random Generator(long seed, int stream) => new(StableSeed.Of($"{stream}:{Id}", unchecked((int)seed)));

    /// <summary>
    /// The patient with <paramref name="count"/> twins: from the fusion head's latent prior when the row has one
    /// (z ~ N(mean, spread); the measured tumour size keeps the biomarker prior's convention for z[0]), else from the
    /// biomarker-conditioned prior.
    /// </summary>
    public PatientTwins ToTwins(TwinPrior prior, int count, Random rng)
    {
        var twins = new NsclcParameters[count];
        var fusion = FusionLatent is { } latent ? new FusionTwinPrior(prior, useMeasuredSld: true) : null;
        var prediction = FusionLatent is { } l ? new FusionPrediction([], l.Mean, [], l.Spread, [], [], [], [], [], []) : null;
        for (var k = 0; k < count; k++)
        {
            var covariates = prior.ObservedCovariates(EgfrMutant, Pdl1Tps, Tmb, AgeYears, Ecog, LesionsMm, rng);
            twins[k] = fusion is null
                ? prior.SampleConditional(covariates, rng)
                : prior.ToParameters(covariates, fusion.SampleLatent(Id, prediction!, covariates, rng));
        }
        return new PatientTwins(Id, Context, twins);
    }
}
