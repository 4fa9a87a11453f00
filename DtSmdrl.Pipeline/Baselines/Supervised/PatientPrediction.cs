namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>One regimen's predictions for one patient.</summary>
/// <param name="Regimen">Regimen name.</param>
/// <param name="ResponseProbability">Calibrated P(objective response) on the standard schedule.</param>
/// <param name="SevereToxicityProbability">Calibrated P(severe toxicity event).</param>
/// <param name="BenefitRisk">P(response) - w * P(severe toxicity).</param>
/// <param name="Supported">The training data shows this regimen for enough patients of this patient's biomarker group (only those can be chosen).</param>
public sealed record RegimenPrediction(string Regimen, double ResponseProbability, double SevereToxicityProbability, double BenefitRisk, bool Supported);

/// <summary>A patient's predictions for every modelled regimen and the chosen (highest benefit-risk among the supported) regimen.</summary>
public sealed record PatientPrediction(string PatientId, IReadOnlyList<RegimenPrediction> Regimens, string ChosenRegimen)
{
    /// <summary>The chosen regimen's prediction.</summary>
    public RegimenPrediction Chosen => Regimens.First(r => r.Regimen == ChosenRegimen);
}
