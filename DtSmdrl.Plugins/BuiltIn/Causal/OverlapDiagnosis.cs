using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>Builds <see cref="OverlapDiagnostics"/> from cross-fitted propensities.</summary>
internal static class OverlapDiagnosis
{
    public static OverlapDiagnostics Diagnose(bool[] treated, double[] rawPropensity, double[] clipped, double trim)
    {
        var n = treated.Length;
        var low = rawPropensity.Count(e => e < trim);
        var high = rawPropensity.Count(e => e > 1 - trim);
        var treatedE = rawPropensity.Where((_, i) => treated[i]).ToArray();
        var controlE = rawPropensity.Where((_, i) => !treated[i]).ToArray();
        var treatedW = clipped.Where((_, i) => treated[i]).Select(e => 1 / e).ToArray();
        var controlW = clipped.Where((_, i) => !treated[i]).Select(e => 1 / (1 - e)).ToArray();
        return new OverlapDiagnostics(
            Summarise(treatedE), Summarise(controlE), trim,
            (double)low / n, (double)high / n,
            EffectiveSampleSize(treatedW), EffectiveSampleSize(controlW));
    }

    /// <summary>Kish's effective sample size (sum w)^2 / sum w^2.</summary>
    public static double EffectiveSampleSize(IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var squares = weights.Sum(w => w * w);
        return squares > 0 ? sum * sum / squares : 0;
    }

    private static PropensitySummary Summarise(double[] e) => new(
        e.Length, e.Min(), CausalStatistics.Quantile(e, 0.25), CausalStatistics.Quantile(e, 0.5),
        CausalStatistics.Mean(e), CausalStatistics.Quantile(e, 0.75), e.Max());
}
