using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Evaluation.Prior;

/// <summary>
/// EVALUATION ONLY (reads the generator's own observation model): P(immune responder | record) by Bayes' rule on the
/// cohort generator's likelihood, the ceiling a learned prior's responder Brier is measured against. Prior: the
/// biomarker prior's <see cref="TwinPrior.ResponderProbability"/> at the observed PD-L1 and TMB (averaged over
/// population draws of what is missing; the measurement noise of PD-L1 and TMB is ignored). Likelihood: the immune genes
/// (CD8A, CXCL9, IFNG, GZMB; the only readouts with a responder term), each normal around intercept + per_responder x R
/// with the readout's noise SD times the cohort's noise scale; a value at the readout's lower clip counts as the
/// probability mass below it. Missing genes add no term. Rounding to 0.01 is ignored.
/// </summary>
public sealed class ResponderBayesCeiling(CohortPopulation population, double noiseScale)
{
    private readonly TwinPrior prior = new(population.Latent);

    public double Probability(PatientRecord observed, int seed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var rng = new Random(seed);
        const int draws = 32;
        var pPrior = 0.0;
        for (var d = 0; d < draws; d++)
        {
            pPrior += prior.ResponderProbability(prior.ObservedCovariates(observed, rng)) / draws;
        }

        var logOdds = Math.Log(pPrior / (1 - pPrior));
        var e = population.Observation.Expression;
        var expression = observed.Omics?.ExpressionLog2Tpm ?? new Dictionary<string, double>();
        foreach (var (gene, readout) in new[] { ("CD8A", e.Cd8a), ("CXCL9", e.Cxcl9), ("IFNG", e.Ifng), ("GZMB", e.Gzmb) })
        {
            if (!expression.TryGetValue(gene, out var value) || readout.PerResponder == 0)
            {
                continue;
            }

            var sd = readout.NoiseSd * noiseScale;
            logOdds += LogLikelihood(value, readout.Intercept + readout.PerResponder, sd, readout.Min)
                - LogLikelihood(value, readout.Intercept, sd, readout.Min);
        }

        return 1 / (1 + Math.Exp(-logOdds));
    }

    private static double LogLikelihood(double value, double mean, double sd, double? min)
    {
        if (min is { } floor && value <= floor)
        {
            return Math.Log(Math.Max(StandardNormal.Cdf((floor - mean) / sd), 1e-300));
        }

        var z = (value - mean) / sd;
        return -0.5 * z * z - Math.Log(sd);
    }
}
