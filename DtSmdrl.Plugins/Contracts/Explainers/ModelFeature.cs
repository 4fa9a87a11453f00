namespace DtSmdrl.Plugins.Contracts.Explainers;

/// <summary>One named input of an <see cref="ExplainableModel"/>, as a clinician reads it.</summary>
/// <param name="Name">Stable feature name, e.g. "omics.pdl1_tps_pct" (the wide CSV column name for patient biomarkers).</param>
/// <param name="Unit">Unit of the values, e.g. "%", "10^9/L", "0/1"; "" when unitless.</param>
/// <param name="Group">Modality or block the feature belongs to, e.g. "omics" (used by group-level explainers such as attention).</param>
public sealed record ModelFeature(string Name, string Unit, string Group);
