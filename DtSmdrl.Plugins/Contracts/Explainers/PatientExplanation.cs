namespace DtSmdrl.Plugins.Contracts.Explainers;

/// <summary>One feature's share of a patient's explained score.</summary>
/// <param name="Feature">Feature (or group) name.</param>
/// <param name="Unit">Unit of <paramref name="Value"/>.</param>
/// <param name="Value">The patient's value (NaN = missing).</param>
/// <param name="Attribution">Contribution to target(x) - target(reference); positive pushes towards the target's output.</param>
/// <param name="StandardError">The method's own uncertainty of <paramref name="Attribution"/> (bootstrap, discretisation or spread; 0 when exact).</param>
public sealed record FeatureAttribution(string Feature, string Unit, double Value, double Attribution, double StandardError);

/// <summary>
/// A patient's explanation by one method. For additive methods (KernelSHAP, integrated gradients) the attributions
/// sum to <see cref="Prediction"/> - <see cref="Reference"/> up to <see cref="CompletenessGap"/>.
/// </summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="Method">Explainer name.</param>
/// <param name="Target">Readable target, e.g. "immuno - chemo_full".</param>
/// <param name="Prediction">Target score at the patient's values.</param>
/// <param name="Reference">Target score at the reference (background expectation or baseline); NaN for non-additive methods.</param>
/// <param name="Attributions">One per feature (or group), in model order.</param>
/// <param name="CompletenessGap">Sum of attributions - (Prediction - Reference); NaN for non-additive methods.</param>
/// <param name="Seconds">Wall time of this explanation.</param>
public sealed record PatientExplanation(string PatientId, string Method, string Target, double Prediction, double Reference,
    IReadOnlyList<FeatureAttribution> Attributions, double CompletenessGap, double Seconds)
{
    /// <summary>Attributions sorted by absolute size, largest first (ties by name).</summary>
    public IReadOnlyList<FeatureAttribution> Ranked() =>
        Attributions.OrderByDescending(a => Math.Abs(a.Attribution)).ThenBy(a => a.Feature, StringComparer.Ordinal).ToList();
}

/// <summary>Importance of one feature (or group) for one output.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Unit">Unit of the feature.</param>
/// <param name="Importance">Larger = more important (method-specific scale; never negative for mean |attribution|).</param>
/// <param name="StandardError">The method's own uncertainty of <paramref name="Importance"/>.</param>
public sealed record FeatureImportance(string Feature, string Unit, double Importance, double StandardError);

/// <summary>Global importance of every feature for one output, ranked most important first.</summary>
/// <param name="Method">Explainer name.</param>
/// <param name="Output">Output name.</param>
/// <param name="Ranked">Features, most important first (ties by name).</param>
/// <param name="Seconds">Wall time.</param>
public sealed record GlobalImportance(string Method, string Output, IReadOnlyList<FeatureImportance> Ranked, double Seconds)
{
    /// <summary>Importance by feature name.</summary>
    public IReadOnlyDictionary<string, double> ByFeature() => Ranked.ToDictionary(f => f.Feature, f => f.Importance);
}
