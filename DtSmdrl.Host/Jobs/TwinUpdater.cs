using System.Text.Json.Nodes;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// The closed loop's inference step for one patient: the twin posterior from the covariate-conditioned prior
/// and ALL stored observations (recomputed, not chained, so a re-run gives the same posterior for the same data).
/// </summary>
public sealed class TwinUpdater(TwinUpdateOptions options)
{
    public static TwinPrior Prior { get; } = new();

    /// <summary>Covariates of a patient's prior (missing values drawn from the population, seeded by the patient id).</summary>
    public TwinCovariates Covariates(PatientRecord record) =>
        Prior.ObservedCovariates(record, new Random(StableSeed.Of(record.PatientId, options.Seed)));

    /// <summary>The posterior of a patient given its observations, and the history used.</summary>
    public (TwinPosterior Posterior, TwinHistory.Result History) Update(PatientRecord record, IReadOnlyList<OutcomeObservation> observations)
    {
        var covariates = Covariates(record);
        var history = TwinHistory.From(observations, baselineSldKnown: !double.IsNaN(covariates.BaselineSldMm));
        var posterior = new TwinPosterior(Prior, covariates, options.ToPosteriorOptions(StableSeed.Of(record.PatientId, options.Seed + 1)));
        if (history.History.Sld.Count + history.History.Anc.Count > 0) posterior.Update(history.History);
        return (posterior, history);
    }

    /// <summary>Posterior means and 90% intervals of the parameters the outcomes inform most (stored beside the particles).</summary>
    public static JsonObject Summary(TwinPosterior posterior)
    {
        JsonObject Entry(Func<Pipeline.Twin.Models.NsclcParameters, double> f)
        {
            var (mean, lower, upper) = posterior.Summarise(f, 0.9);
            return new JsonObject { ["mean"] = mean, ["lower"] = lower, ["upper"] = upper };
        }
        return new JsonObject
        {
            ["growth_g"] = Entry(p => p.G),
            ["chemo_kill_kC"] = Entry(p => p.KC),
            ["baseline_anc_circ0"] = Entry(p => p.Circ0),
            ["v0"] = Entry(p => p.V0),
            ["responder_probability"] = posterior.ResponderProbability,
            ["effective_sample_size"] = posterior.EffectiveSampleSize,
        };
    }
}
