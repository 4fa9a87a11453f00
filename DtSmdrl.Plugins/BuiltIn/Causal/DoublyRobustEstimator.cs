using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Doubly robust effect estimation with cross-fitted ML.NET nuisance models.
/// <para>Average effect (AIPW): the mean of the scores psi_i (see <see cref="AipwScores"/>), with the
/// analytic interval mean ± z·sd(psi)/sqrt(n) and a bootstrap percentile interval in which every
/// resample re-fits every model (folds follow the original rows, so a duplicated row never sits on
/// both sides of a split). Consistent when either the propensity or the outcome models are right.</para>
/// <para>Conditional effects (DR-learner, Kennedy 2023): the scores psi_i regressed on the covariates
/// with <see cref="CausalOptions.CateLearner"/>, cross-fitted on the same folds, so every row's CATE is
/// an out-of-fold prediction.</para>
/// <para>Binary outcomes give risk differences (logistic outcome models); continuous ones give mean
/// differences (regression outcome models).</para>
/// </summary>
public sealed class DoublyRobustEstimator : ICausalEffectEstimator, IConditionalEffectEstimator
{
    /// <inheritdoc/>
    public string Name => "AIPW / DR-learner (cross-fitted, ML.NET)";

    /// <inheritdoc/>
    public EffectEstimate EstimateAverageEffect(ObservationalDataset data, EffectQuery query, CausalOptions options)
    {
        var outcome = Prepare(data, query, options);
        var z = CausalStatistics.NormalCritical(query.Level);
        var fold = CrossFitting.AssignFolds(data.Treated, options.Folds, options.Seed);
        var scores = AipwScores.Compute(data, outcome, options, fold, options.Seed);
        var se = scores.StandardError;
        var adjusted = new EffectInterval(scores.Average, scores.Average - z * se, scores.Average + z * se, se, "influence function sd(psi)/sqrt(n)");
        var overlap = OverlapDiagnosis.Diagnose(data.Treated, scores.RawPropensity, scores.Propensity, options.PropensityTrim);
        var bootstrap = options.BootstrapResamples > 0 ? Bootstrap(data, outcome, options, query.Level, scores.Average) : null;
        var refutations = options.Refute ? Refuters.Run(data, outcome, options, query, adjusted) : [];
        return new EffectEstimate(
            Name, query, outcome, data.Count, data.TreatedCount, data.ControlCount,
            NaiveDifference.Estimate(data.Treated, data.Outcome, query.Level),
            adjusted, bootstrap, overlap, refutations, Warnings(data, overlap));
    }

    /// <inheritdoc/>
    public ConditionalEffectEstimate EstimateConditionalEffects(ObservationalDataset data, EffectQuery query, CausalOptions options)
    {
        var outcome = Prepare(data, query, options);
        var fold = CrossFitting.AssignFolds(data.Treated, options.Folds, options.Seed);
        var scores = AipwScores.Compute(data, outcome, options, fold, options.Seed);
        var cate = DrLearner.CrossFitCate(data.Covariates, scores.Psi, fold, options);
        return new ConditionalEffectEstimate(Name, outcome, cate, scores.Average, scores.Psi, scores.Propensity, scores.Mu0, scores.Mu1);
    }

    /// <summary>
    /// The average effect by subgroup of each modifier: AIPW scores averaged in each subgroup, the
    /// DR-learner's CATE summarised there, and the unadjusted difference of the subgroup's arm means.
    /// </summary>
    public EffectModificationReport EstimateEffectModification(ObservationalDataset data, EffectQuery query, CausalOptions options, IReadOnlyList<ModifierColumn> modifiers)
    {
        var conditional = EstimateConditionalEffects(data, query, options);
        EffectInterval? Naive(int[] rows)
        {
            var treated = rows.Select(i => data.Treated[i]).ToArray();
            if (treated.Count(t => t) < 2 || treated.Count(t => !t) < 2) return null;
            return NaiveDifference.Estimate(treated, rows.Select(i => data.Outcome[i]).ToArray(), query.Level);
        }
        var scale = conditional.Outcome == OutcomeKind.Binary ? "risk difference" : "mean difference";
        return EffectModificationAnalysis.Analyse(scale, modifiers, conditional.PseudoOutcome, conditional.Cate, data.Treated, null, Naive, query.Level);
    }

    /// <summary>Resolves <see cref="OutcomeKind.Auto"/> and checks the inputs.</summary>
    private static OutcomeKind Prepare(ObservationalDataset data, EffectQuery query, CausalOptions options)
    {
        options.Validate();
        data.Validate();
        if (!(query.Level > 0 && query.Level < 1)) throw new ArgumentException($"EffectQuery.Level must be in (0, 1), got {query.Level}.");
        var isBinary = data.Outcome.All(y => y is 0 or 1);
        if (query.Outcome == OutcomeKind.Binary && !isBinary)
        {
            var row = Array.FindIndex(data.Outcome, y => y is not (0 or 1));
            throw new ArgumentException($"Outcome '{query.OutcomeLabel}' was declared binary but row {row} has {data.Outcome[row]}.");
        }
        var smallestArm = Math.Min(data.TreatedCount, data.ControlCount);
        if (smallestArm < options.Folds)
            throw new ArgumentException($"The smaller arm has {smallestArm} rows, fewer than the {options.Folds} cross-fitting folds.");
        return query.Outcome == OutcomeKind.Auto ? (isBinary ? OutcomeKind.Binary : OutcomeKind.Continuous) : query.Outcome;
    }

    private static EffectInterval Bootstrap(ObservationalDataset data, OutcomeKind outcome, CausalOptions options, double level, double pointEstimate)
    {
        var estimates = new double[options.BootstrapResamples];
        // Replicates are independent (own seed, own ML.NET contexts) and land in their own slot, so the
        // result does not depend on the number of threads or their order.
        Parallel.For(0, estimates.Length, b =>
        {
            var seed = Seeds.Derive(options.Seed, Seeds.Bootstrap, b);
            var random = new Random(seed);
            var rows = new int[data.Count];
            for (var i = 0; i < rows.Length; i++) rows[i] = random.Next(data.Count);
            var resample = DatasetRows.Select(data, rows);
            var originalFold = CrossFitting.AssignFolds(data.Treated, options.Folds, seed);
            var fold = rows.Select(i => originalFold[i]).ToArray();
            estimates[b] = AipwScores.Compute(resample, outcome, options, fold, seed).Average;
        });
        var alpha = 1 - level;
        return new EffectInterval(
            pointEstimate,
            CausalStatistics.Quantile(estimates, alpha / 2),
            CausalStatistics.Quantile(estimates, 1 - alpha / 2),
            CausalStatistics.StandardDeviation(estimates),
            $"bootstrap percentile ({estimates.Length} re-fitted resamples)");
    }

    private static IReadOnlyList<string> Warnings(ObservationalDataset data, OverlapDiagnostics overlap)
    {
        var warnings = new List<string>();
        var trimmed = overlap.ShareTrimmedLow + overlap.ShareTrimmedHigh;
        if (trimmed > 0.05)
            warnings.Add($"{trimmed:P1} of propensities were clipped to [{overlap.Trim}, {1 - overlap.Trim}]: overlap is poor, the estimate leans on extrapolation.");
        if (overlap.EffectiveSampleSizeTreated < 0.1 * data.TreatedCount)
            warnings.Add($"Treated effective sample size {overlap.EffectiveSampleSizeTreated:0.0} is below 10% of the {data.TreatedCount} treated rows.");
        if (overlap.EffectiveSampleSizeControl < 0.1 * data.ControlCount)
            warnings.Add($"Control effective sample size {overlap.EffectiveSampleSizeControl:0.0} is below 10% of the {data.ControlCount} control rows.");
        return warnings;
    }
}
