namespace DtSmdrl.Plugins.BuiltIn.Explainers.Global;

/// <summary>One row of importance.csv: the global importance of one feature for one regimen output of one method's model.</summary>
/// <param name="Method">The study arm whose model is explained, e.g. "DT-SMDRL".</param>
/// <param name="Regimen">The regimen (action) whose output is explained.</param>
/// <param name="Feature">Feature name (the biomarker it reads).</param>
/// <param name="Importance">Mean |Shapley value| over the explained patients, in the output's units.</param>
public sealed record RegimenImportance(string Method, string Regimen, string Feature, double Importance);
