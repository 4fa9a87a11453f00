namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>A point estimate with its interval.</summary>
/// <param name="Estimate">Point estimate of the effect.</param>
/// <param name="Lower">Lower bound of the interval.</param>
/// <param name="Upper">Upper bound of the interval.</param>
/// <param name="StandardError">Standard error behind the interval (NaN for a percentile interval).</param>
/// <param name="Method">How the interval was computed, e.g. "Wald", "influence function", "bootstrap percentile (200)".</param>
public sealed record EffectInterval(double Estimate, double Lower, double Upper, double StandardError, string Method)
{
    /// <summary>True when the two intervals share at least one point.</summary>
    public bool Overlaps(EffectInterval other) => Lower <= other.Upper && other.Lower <= Upper;

    /// <summary>True when <paramref name="value"/> lies inside the interval.</summary>
    public bool Covers(double value) => Lower <= value && value <= Upper;
}

/// <summary>Summary of the estimated propensity scores of one arm (before trimming).</summary>
public sealed record PropensitySummary(int Count, double Min, double Q25, double Median, double Mean, double Q75, double Max);

/// <summary>
/// Overlap (positivity) diagnostics. The effective sample size of an arm is (sum w)^2 / sum w^2 with
/// inverse-propensity weights w = 1/e (treated) or 1/(1-e) (control), after trimming; far below the arm
/// size means a few units carry the estimate.
/// </summary>
public sealed record OverlapDiagnostics(
    PropensitySummary Treated,
    PropensitySummary Control,
    double Trim,
    double ShareTrimmedLow,
    double ShareTrimmedHigh,
    double EffectiveSampleSizeTreated,
    double EffectiveSampleSizeControl);

/// <summary>One refutation check in the spirit of DoWhy, with the numbers behind its verdict.</summary>
/// <param name="Name">Short name, e.g. "placebo treatment".</param>
/// <param name="OriginalEstimate">The estimate being refuted.</param>
/// <param name="NewEstimate">The estimate after the perturbation (the mean, when there are several).</param>
/// <param name="Values">Every estimate the check computed.</param>
/// <param name="Passed">The verdict.</param>
/// <param name="Criterion">The rule that gave the verdict, in words with its numbers.</param>
public sealed record RefutationResult(
    string Name,
    double OriginalEstimate,
    double NewEstimate,
    IReadOnlyList<double> Values,
    bool Passed,
    string Criterion);

/// <summary>
/// Result of an average-effect estimation: treated minus control, on the risk-difference scale for a
/// binary outcome and the mean-difference scale for a continuous one.
/// </summary>
/// <param name="Estimator">Name of the estimator that produced it.</param>
/// <param name="Query">The question answered.</param>
/// <param name="Outcome">Resolved outcome scale (never Auto).</param>
/// <param name="Count">Rows used.</param>
/// <param name="TreatedCount">Treated rows.</param>
/// <param name="ControlCount">Control rows.</param>
/// <param name="Naive">Unadjusted difference of arm means with a Wald interval.</param>
/// <param name="Adjusted">Adjusted estimate with its analytic interval.</param>
/// <param name="Bootstrap">Percentile interval from re-fitted bootstrap resamples around the full-sample estimate
/// (its standard error is the sd of the resample estimates), or null when turned off.</param>
/// <param name="Overlap">Propensity overlap diagnostics, or null when the estimator uses no propensity.</param>
/// <param name="Refutations">Refutation checks (empty when turned off).</param>
/// <param name="Warnings">Things the analyst should know (poor overlap, constant arms, ...).</param>
public sealed record EffectEstimate(
    string Estimator,
    EffectQuery Query,
    OutcomeKind Outcome,
    int Count,
    int TreatedCount,
    int ControlCount,
    EffectInterval Naive,
    EffectInterval Adjusted,
    EffectInterval? Bootstrap,
    OverlapDiagnostics? Overlap,
    IReadOnlyList<RefutationResult> Refutations,
    IReadOnlyList<string> Warnings);

/// <summary>Per-row conditional effects (CATE) with the cross-fitted nuisances behind them.</summary>
/// <param name="Estimator">Name of the estimator.</param>
/// <param name="Outcome">Resolved outcome scale.</param>
/// <param name="Cate">Estimated conditional effect tau(x_i) per row (out-of-fold predictions).</param>
/// <param name="AverageEffect">Mean of the per-row pseudo-outcomes (the AIPW average effect).</param>
/// <param name="PseudoOutcome">Doubly robust pseudo-outcome psi_i per row.</param>
/// <param name="Propensity">Cross-fitted propensity e(x_i), after trimming.</param>
/// <param name="ControlOutcome">Cross-fitted mu0(x_i).</param>
/// <param name="TreatedOutcome">Cross-fitted mu1(x_i).</param>
public sealed record ConditionalEffectEstimate(
    string Estimator,
    OutcomeKind Outcome,
    double[] Cate,
    double AverageEffect,
    double[] PseudoOutcome,
    double[] Propensity,
    double[] ControlOutcome,
    double[] TreatedOutcome);
