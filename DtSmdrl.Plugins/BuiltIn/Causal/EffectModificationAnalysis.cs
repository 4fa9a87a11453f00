using DtSmdrl.Plugins.Contracts.Causal;
using MathNet.Numerics.Distributions;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>A candidate effect modifier: its level per analysed row and the order of its levels (the first is the reference).</summary>
/// <param name="Name">Column name.</param>
/// <param name="Labels">Level of each analysed row.</param>
/// <param name="Levels">Distinct levels, in reporting order.</param>
public sealed record ModifierColumn(string Name, string[] Labels, IReadOnlyList<string> Levels);

/// <summary>
/// Effects by subgroup from doubly robust scores: the adjusted effect in a subgroup is the mean of its rows'
/// AIPW scores psi_i with se sd(psi)/sqrt(n_g) (grf's average_treatment_effect(subset = ...) and the
/// DR-learner's best linear projection on the subgroup indicator); the DR-learner's out-of-fold CATE
/// predictions are summarised beside it. Differences against the reference level and a Wald chi-square
/// test of equal effects treat the subgroups as independent, which they are (disjoint rows).
/// </summary>
internal static class EffectModificationAnalysis
{
    /// <summary>Fewest rows per arm for a subgroup to be estimated.</summary>
    public const int MinimumArmRows = 2;

    public static EffectModificationReport Analyse(
        string scale,
        IReadOnlyList<ModifierColumn> modifiers,
        double[] psi,
        double[] cate,
        bool[] treated,
        bool[]? events,
        Func<int[], EffectInterval?> naive,
        double level)
    {
        var z = CausalStatistics.NormalCritical(level);
        var warnings = new List<string>();
        var results = new List<EffectModification>();
        foreach (var modifier in modifiers)
        {
            var subgroups = new List<ModifierSubgroupEffect>();
            foreach (var value in modifier.Levels)
            {
                var rows = Enumerable.Range(0, psi.Length).Where(i => modifier.Labels[i] == value).ToArray();
                var treatedRows = rows.Count(i => treated[i]);
                if (treatedRows < MinimumArmRows || rows.Length - treatedRows < MinimumArmRows)
                {
                    warnings.Add($"modifier '{modifier.Name}' level '{value}': {treatedRows} treated and {rows.Length - treatedRows} control rows, too few to estimate; left out.");
                    continue;
                }
                var scores = rows.Select(i => psi[i]).ToArray();
                var mean = CausalStatistics.Mean(scores);
                var se = CausalStatistics.StandardDeviation(scores) / Math.Sqrt(rows.Length);
                var predictions = rows.Select(i => cate[i]).ToArray();
                subgroups.Add(new ModifierSubgroupEffect(
                    modifier.Name, value, rows.Length, treatedRows, events is null ? null : rows.Count(i => events[i]),
                    naive(rows),
                    new EffectInterval(mean, mean - z * se, mean + z * se, se, "influence function sd(psi)/sqrt(n) in the subgroup"),
                    CausalStatistics.Mean(predictions), CausalStatistics.Quantile(predictions, 0.1), CausalStatistics.Quantile(predictions, 0.9)));
            }
            if (subgroups.Count < 2)
            {
                warnings.Add($"modifier '{modifier.Name}': fewer than two subgroups could be estimated, so no comparison.");
                if (subgroups.Count == 0) continue;
            }
            var reference = subgroups[0];
            var differences = subgroups.Skip(1).Select(g =>
            {
                var difference = g.Adjusted.Estimate - reference.Adjusted.Estimate;
                var se = Math.Sqrt(g.Adjusted.StandardError * g.Adjusted.StandardError + reference.Adjusted.StandardError * reference.Adjusted.StandardError);
                return new SubgroupDifference(g.Level, new EffectInterval(difference, difference - z * se, difference + z * se, se, $"Wald, minus level '{reference.Level}'"));
            }).ToArray();
            var (chiSquare, df, p) = Heterogeneity(subgroups);
            results.Add(new EffectModification(modifier.Name, reference.Level, subgroups, differences, chiSquare, df, p));
        }
        return new EffectModificationReport(scale, results, warnings);
    }

    /// <summary>Wald test of one common effect: precision-weighted pooled effect, sum of squared standardised deviations, chi-square with k - 1 df.</summary>
    private static (double ChiSquare, int DegreesOfFreedom, double PValue) Heterogeneity(IReadOnlyList<ModifierSubgroupEffect> subgroups)
    {
        var df = subgroups.Count - 1;
        if (df < 1 || subgroups.Any(g => !(g.Adjusted.StandardError > 0))) return (double.NaN, Math.Max(df, 0), double.NaN);
        var weights = subgroups.Select(g => 1 / (g.Adjusted.StandardError * g.Adjusted.StandardError)).ToArray();
        var pooled = subgroups.Select((g, k) => weights[k] * g.Adjusted.Estimate).Sum() / weights.Sum();
        var statistic = subgroups.Select((g, k) => weights[k] * Math.Pow(g.Adjusted.Estimate - pooled, 2)).Sum();
        return (statistic, df, 1 - ChiSquared.CDF(df, statistic));
    }
}
