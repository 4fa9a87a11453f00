namespace DtSmdrl.Pipeline.Evaluation.Uncertainty;

/// <summary>The confidence of one recommendation and what it is made of.</summary>
/// <param name="Confidence">1 - sqrt(ModelSpread^2 + TwinSpread^2) / sqrt(0.5), in [0, 1]; 1 = both sources agree exactly.</param>
/// <param name="ResponseProbability">Mean calibrated P(objective response) of the recommended plan over the MC-dropout passes.</param>
/// <param name="ModelSpread">Standard deviation of the calibrated response probability across MC-dropout passes (epistemic, the model's).</param>
/// <param name="TwinSpread">Standard deviation of the response outcome across the twin posterior samples (the patient's twin uncertainty).</param>
public sealed record ConfidenceScore(double Confidence, double ResponseProbability, double ModelSpread, double TwinSpread);

/// <summary>
/// The one definition of "confidence" of a recommendation in this project (README "Uncertainty"):
/// confidence = 1 - sqrt(s_model^2 + s_twin^2) / sqrt(0.5), where
/// s_model = standard deviation over MC-dropout passes of the recommended regimen's response probability, each pass
/// calibrated by the fitted calibrator (temperature scaling on the validation split), and
/// s_twin = standard deviation over the twin posterior samples of the simulated objective response (0/1, or a
/// probability per sample) of the recommended plan. Each spread of a probability is at most 0.5, so the combined
/// spread is at most sqrt(0.5) and the confidence lies in [0, 1]. It is a statement of agreement, not of benefit:
/// a plan can be confidently poor.
/// </summary>
public static class RecommendationConfidence
{
    private static readonly double MaxSpread = Math.Sqrt(0.5);

    /// <summary>
    /// Computes the confidence from the calibrated per-pass response probabilities and the per-posterior-sample
    /// response outcomes (each in [0, 1]). Either list may have a single entry (its spread is then 0).
    /// </summary>
    public static ConfidenceScore Compute(IReadOnlyList<double> calibratedPassProbabilities, IReadOnlyList<double> twinSampleResponses)
    {
        var model = Spread(calibratedPassProbabilities, nameof(calibratedPassProbabilities));
        var twin = Spread(twinSampleResponses, nameof(twinSampleResponses));
        var combined = Math.Sqrt(model.Sd * model.Sd + twin.Sd * twin.Sd);
        return new ConfidenceScore(Math.Clamp(1 - combined / MaxSpread, 0, 1), model.Mean, model.Sd, twin.Sd);
    }

    /// <summary>Same, with the raw per-pass probabilities calibrated here by <paramref name="calibrator"/>.</summary>
    public static ConfidenceScore Compute(IReadOnlyList<double> rawPassProbabilities, IProbabilityCalibrator calibrator, IReadOnlyList<double> twinSampleResponses)
    {
        ArgumentNullException.ThrowIfNull(rawPassProbabilities);
        ArgumentNullException.ThrowIfNull(calibrator);
        return Compute(rawPassProbabilities.Select(calibrator.Apply).ToArray(), twinSampleResponses);
    }

    private static (double Mean, double Sd) Spread(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0) throw new ArgumentException("Confidence needs at least one value.", name);
        for (var i = 0; i < values.Count; i++)
            if (!(values[i] >= 0 && values[i] <= 1))
                throw new ArgumentException($"Confidence: {name}[{i}] = {values[i]} is not in [0, 1].", name);
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return (mean, Math.Sqrt(variance));
    }
}
