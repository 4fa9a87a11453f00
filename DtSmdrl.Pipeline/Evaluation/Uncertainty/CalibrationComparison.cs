using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Evaluation.Uncertainty;

/// <summary>Calibration of one model's probabilities on the test split, before or after a calibrator.</summary>
/// <param name="Model">Model name, e.g. "Supervised Model".</param>
/// <param name="Stage">"uncalibrated" or the calibrator's name.</param>
/// <param name="Ece">Expected calibration error, 15 equal-width bins (metrics.md).</param>
/// <param name="LogLoss">Mean negative log-likelihood.</param>
/// <param name="Patients">Probabilities scored.</param>
/// <param name="Diagram">The reliability diagram (every bin, empty ones included).</param>
public sealed record CalibrationResult(string Model, string Stage, double Ece, double LogLoss, int Patients, IReadOnlyList<ReliabilityBin> Diagram);

/// <summary>
/// Fits temperature scaling and isotonic regression on validation probabilities and scores the test probabilities
/// before and after each (ECE with <see cref="Calibration.ExpectedCalibrationError(IReadOnlyList{ReliabilityBin})"/>,
/// the reliability diagram, log loss); writes the diagrams as CSV.
/// </summary>
public static class CalibrationComparison
{
    /// <summary>Rows: uncalibrated, temperature, isotonic (in that order) for one model.</summary>
    public static IReadOnlyList<CalibrationResult> Run(string model, IReadOnlyList<double> validationProbabilities, IReadOnlyList<bool> validationOutcomes,
        IReadOnlyList<double> testProbabilities, IReadOnlyList<bool> testOutcomes)
    {
        IProbabilityCalibrator[] calibrators =
        [
            TemperatureScaling.Fit(validationProbabilities, validationOutcomes),
            IsotonicCalibration.Fit(validationProbabilities, validationOutcomes),
        ];
        var results = new List<CalibrationResult> { Score(model, "uncalibrated", testProbabilities, testOutcomes) };
        foreach (var c in calibrators)
            results.Add(Score(model, c.Name, testProbabilities.Select(c.Apply).ToArray(), testOutcomes));
        return results;
    }

    /// <summary>ECE, log loss and reliability diagram of probabilities against outcomes.</summary>
    public static CalibrationResult Score(string model, string stage, IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        var diagram = Calibration.ReliabilityDiagram(probabilities, outcomes);
        return new CalibrationResult(model, stage, Calibration.ExpectedCalibrationError(diagram), BinaryLogLoss.Mean(probabilities, outcomes),
            probabilities.Count, diagram);
    }

    /// <summary>reliability.csv: model, stage, bin, lower, upper, mean_predicted, observed_frequency, count (empty bins have empty means).</summary>
    public static void WriteReliabilityCsv(string path, IEnumerable<CalibrationResult> results)
    {
        var csv = new StringBuilder("model,stage,bin,lower,upper,mean_predicted,observed_frequency,count\n");
        foreach (var r in results)
            for (var k = 0; k < r.Diagram.Count; k++)
            {
                var b = r.Diagram[k];
                csv.Append(CultureInfo.InvariantCulture,
                    $"{Quote(r.Model)},{r.Stage},{k},{b.Lower:R},{b.Upper:R},{Number(b.MeanPredicted)},{Number(b.ObservedFrequency)},{b.Count}\n");
            }
        File.WriteAllText(path, csv.ToString());
    }

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
}
