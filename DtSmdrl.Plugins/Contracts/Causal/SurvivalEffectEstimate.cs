namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>What to estimate on time-to-event data.</summary>
/// <param name="TreatedLabel">Name of the treated arm.</param>
/// <param name="ControlLabel">Name of the control arm.</param>
/// <param name="EventLabel">Name of the event (e.g. "recurrence").</param>
/// <param name="Horizon">Time up to which survival and restricted mean survival are compared (the
/// units of the time column); null takes the smaller of the two arms' largest follow-up times
/// (survRM2's default).</param>
/// <param name="Level">Confidence level of every interval, in (0, 1).</param>
public sealed record SurvivalQuery(
    string TreatedLabel = "treated",
    string ControlLabel = "control",
    string EventLabel = "event",
    double? Horizon = null,
    double Level = 0.95);

/// <summary>One way of comparing the arms at the horizon: each arm's value and their difference (treated minus control).</summary>
/// <param name="Method">How, e.g. "Kaplan-Meier (unadjusted)", "IPW Kaplan-Meier", "doubly robust (AIPW with censoring weights)".</param>
/// <param name="Treated">Treated arm's value (survival probability, or restricted mean survival time).</param>
/// <param name="Control">Control arm's value.</param>
/// <param name="Difference">Treated minus control with its interval.</param>
public sealed record ArmContrast(string Method, double Treated, double Control, EffectInterval Difference);

/// <summary>The hazard ratio of treated versus control from a Cox proportional-hazards model.</summary>
/// <param name="Method">"Cox (treatment only)" or "Cox (adjusted for N covariates)".</param>
/// <param name="Coefficient">log hazard ratio.</param>
/// <param name="StandardError">Model-based standard error of the coefficient (inverse information).</param>
/// <param name="HazardRatio">exp(coefficient).</param>
/// <param name="Lower">Lower Wald bound, exp(coef - z se).</param>
/// <param name="Upper">Upper Wald bound, exp(coef + z se).</param>
/// <param name="Ties">Ties method ("Efron", as R's coxph default).</param>
/// <param name="LogLikelihood">Partial log-likelihood at the estimate.</param>
/// <param name="DroppedCovariates">Covariates left out because they are constant in the analysed rows.</param>
public sealed record HazardRatioEstimate(
    string Method,
    double Coefficient,
    double StandardError,
    double HazardRatio,
    double Lower,
    double Upper,
    string Ties,
    double LogLikelihood,
    IReadOnlyList<string> DroppedCovariates);

/// <summary>How heavily the censoring weights 1/G lean on few rows.</summary>
/// <param name="Model">Censoring model, e.g. "Cox on treatment and covariates (Breslow baseline)".</param>
/// <param name="Minimum">Smallest probability of remaining uncensored, G, used in a weight (after clipping).</param>
/// <param name="ShareClipped">Share of weighted rows whose G was raised to the clip.</param>
/// <param name="Clip">The lower clip applied to G.</param>
/// <param name="CompleteAtHorizon">Rows whose status at the horizon is known (event before it, or followed past it).</param>
public sealed record CensoringWeightSummary(string Model, double Minimum, double ShareClipped, double Clip, int CompleteAtHorizon);

/// <summary>
/// Result of a time-to-event effect estimation: survival and restricted mean survival time (RMST) at
/// the horizon (unadjusted, inverse-propensity-weighted Kaplan-Meier, doubly robust with censoring
/// weights) and the Cox hazard ratio (treatment only and adjusted).
/// </summary>
/// <param name="Estimator">Name of the estimator.</param>
/// <param name="Query">The question answered (with the horizon resolved).</param>
/// <param name="Horizon">Horizon used.</param>
/// <param name="Count">Rows used.</param>
/// <param name="TreatedCount">Treated rows.</param>
/// <param name="ControlCount">Control rows.</param>
/// <param name="TreatedEvents">Events in the treated arm (whole follow-up).</param>
/// <param name="ControlEvents">Events in the control arm.</param>
/// <param name="Survival">Survival probability at the horizon by method.</param>
/// <param name="RestrictedMean">Restricted mean survival time up to the horizon by method.</param>
/// <param name="HazardRatios">Cox hazard ratios: treatment only, then adjusted.</param>
/// <param name="Overlap">Propensity overlap diagnostics of the weighting estimators.</param>
/// <param name="Censoring">Censoring-weight diagnostics of the doubly robust estimator.</param>
/// <param name="Warnings">Things the analyst should know.</param>
public sealed record SurvivalEffectEstimate(
    string Estimator,
    SurvivalQuery Query,
    double Horizon,
    int Count,
    int TreatedCount,
    int ControlCount,
    int TreatedEvents,
    int ControlEvents,
    IReadOnlyList<ArmContrast> Survival,
    IReadOnlyList<ArmContrast> RestrictedMean,
    IReadOnlyList<HazardRatioEstimate> HazardRatios,
    OverlapDiagnostics Overlap,
    CensoringWeightSummary Censoring,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Estimates survival effects from right-censored data (contract version <see cref="CausalContract.Version"/>,
/// added in 1.1). Implementations must be deterministic for a given <see cref="CausalOptions.Seed"/>.
/// </summary>
[PluginContract("causal", CausalContract.Version)]
public interface ISurvivalEffectEstimator
{
    /// <summary>Short, stable name shown in reports.</summary>
    string Name { get; }

    /// <summary>Survival and RMST differences at the horizon and Cox hazard ratios, with intervals and diagnostics.</summary>
    SurvivalEffectEstimate EstimateSurvivalEffects(TimeToEventDataset data, SurvivalQuery query, CausalOptions options);
}
