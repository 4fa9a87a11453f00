using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Refutation checks in the spirit of DoWhy. Each re-runs the cross-fitted AIPW estimate on perturbed data:
/// <list type="bullet">
/// <item>placebo treatment: T permuted at random, so the true effect is 0; passes when the placebo's
/// interval contains 0;</item>
/// <item>random common cause: an independent N(0, 1) covariate added; passes when the estimate moves by
/// less than half its standard error;</item>
/// <item>data subset: random subsets without replacement; passes when every subset estimate lies within
/// the original interval.</item>
/// </list>
/// </summary>
internal static class Refuters
{
    public static IReadOnlyList<RefutationResult> Run(
        ObservationalDataset data, OutcomeKind outcome, CausalOptions options, EffectQuery query, EffectInterval original)
    {
        var z = CausalStatistics.NormalCritical(query.Level);
        return [Placebo(data, outcome, options, z, original), RandomCommonCause(data, outcome, options, original), Subsets(data, outcome, options, z, original)];
    }

    private static RefutationResult Placebo(ObservationalDataset data, OutcomeKind outcome, CausalOptions options, double z, EffectInterval original)
    {
        var random = new Random(Seeds.Derive(options.Seed, Seeds.Placebo, 0));
        var permuted = (bool[])data.Treated.Clone();
        random.Shuffle(permuted);
        var placebo = data with { Treated = permuted };
        var scores = AipwScores.Compute(placebo, outcome, options, CrossFitting.AssignFolds(permuted, options.Folds, options.Seed), options.Seed);
        var lower = scores.Average - z * scores.StandardError;
        var upper = scores.Average + z * scores.StandardError;
        var passed = lower <= 0 && 0 <= upper;
        return new RefutationResult("placebo treatment", original.Estimate, scores.Average, [scores.Average], passed,
            $"effect with permuted treatment {scores.Average:0.0000}, interval [{lower:0.0000}, {upper:0.0000}] {(passed ? "contains" : "excludes")} 0");
    }

    private static RefutationResult RandomCommonCause(ObservationalDataset data, OutcomeKind outcome, CausalOptions options, EffectInterval original)
    {
        var random = new Random(Seeds.Derive(options.Seed, Seeds.CommonCause, 0));
        var covariates = data.Covariates.Select(row => row.Append(StandardNormal(random)).ToArray()).ToArray();
        var augmented = data with { CovariateNames = [.. data.CovariateNames, "random_common_cause"], Covariates = covariates };
        var scores = AipwScores.Compute(augmented, outcome, options, CrossFitting.AssignFolds(data.Treated, options.Folds, options.Seed), options.Seed);
        var change = Math.Abs(scores.Average - original.Estimate);
        var limit = 0.5 * original.StandardError;
        var passed = change <= limit;
        return new RefutationResult("random common cause", original.Estimate, scores.Average, [scores.Average], passed,
            $"estimate moved by {change:0.0000}; limit half a standard error = {limit:0.0000}");
    }

    private static RefutationResult Subsets(ObservationalDataset data, OutcomeKind outcome, CausalOptions options, double z, EffectInterval original)
    {
        var keep = (int)Math.Round(options.SubsetFraction * data.Count);
        var estimates = new double[options.SubsetRefutations];
        for (var r = 0; r < estimates.Length; r++)
        {
            var random = new Random(Seeds.Derive(options.Seed, Seeds.Subset, r));
            var rows = Enumerable.Range(0, data.Count).ToArray();
            random.Shuffle(rows);
            var subset = DatasetRows.Select(data, rows.Take(keep).ToArray());
            var seed = Seeds.Derive(options.Seed, Seeds.Subset, r + 1000);
            estimates[r] = AipwScores.Compute(subset, outcome, options, CrossFitting.AssignFolds(subset.Treated, options.Folds, seed), seed).Average;
        }
        var worst = estimates.Max(e => Math.Abs(e - original.Estimate));
        var limit = z * original.StandardError;
        var passed = worst <= limit;
        return new RefutationResult($"data subset ({estimates.Length} x {options.SubsetFraction:P0})", original.Estimate, CausalStatistics.Mean(estimates), estimates, passed,
            $"largest move {worst:0.0000}; limit the original interval half-width {limit:0.0000}");
    }

    private static double StandardNormal(Random random)
    {
        // Box-Muller: two uniforms give one standard normal draw.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
