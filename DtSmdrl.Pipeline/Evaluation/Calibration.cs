namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>One bin of a reliability diagram.</summary>
/// <param name="Lower">Lower edge of the bin (inclusive).</param>
/// <param name="Upper">Upper edge of the bin (exclusive, except 1.0 for the last bin).</param>
/// <param name="MeanPredicted">Mean stated probability in the bin; NaN when the bin is empty.</param>
/// <param name="ObservedFrequency">Share of true responders (CR/PR) in the bin; NaN when the bin is empty.</param>
/// <param name="Count">Patients in the bin.</param>
public sealed record ReliabilityBin(double Lower, double Upper, double MeanPredicted, double ObservedFrequency, int Count);

/// <summary>
/// Calibration of the stated response probabilities (metrics.md, "Decision-quality metrics": ECE with 15
/// equal-width bins, and the reliability diagram).
/// </summary>
/// <remarks>
/// Bin k (k = 0..14) holds probabilities in [k/15, (k+1)/15); p = 1 goes to the last bin (index = min(floor(15 p), 14)).
/// ECE = sum over non-empty bins of (n_k / N) * |mean predicted_k - observed frequency_k|, with N the number of
/// patients that stated a probability. Patients with p = NaN are left out; ECE is NaN when none stated one.
/// </remarks>
public static class Calibration
{
    /// <summary>Number of equal-width bins (metrics.md).</summary>
    public const int DefaultBins = 15;

    /// <summary>The reliability diagram: all bins in order, empty ones included (with NaN means and count 0).</summary>
    public static IReadOnlyList<ReliabilityBin> ReliabilityDiagram(IReadOnlyList<PatientOutcome> outcomes, int bins = DefaultBins)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(ReliabilityDiagram));
        var stated = outcomes.Where(o => !double.IsNaN(o.StatedResponseProbability)).ToArray();
        return ReliabilityDiagram(
            stated.Select(o => o.StatedResponseProbability).ToArray(),
            stated.Select(o => o.BestOverallResponse.IsObjectiveResponse()).ToArray(),
            bins);
    }

    /// <summary>The reliability diagram of probabilities in [0, 1] against binary outcomes.</summary>
    public static IReadOnlyList<ReliabilityBin> ReliabilityDiagram(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (probabilities.Count != outcomes.Count)
            throw new ArgumentException($"Calibration: {probabilities.Count} probabilities but {outcomes.Count} outcomes.");
        if (bins < 1)
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "Calibration needs at least one bin.");

        var sumPredicted = new double[bins];
        var positives = new int[bins];
        var counts = new int[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = probabilities[i];
            if (!(p >= 0.0 && p <= 1.0))
                throw new ArgumentException($"Calibration: probability[{i}] = {p} is not in [0, 1].", nameof(probabilities));
            var k = BinIndex(p, bins);
            sumPredicted[k] += p;
            if (outcomes[i]) positives[k]++;
            counts[k]++;
        }

        var result = new ReliabilityBin[bins];
        for (var k = 0; k < bins; k++)
        {
            var empty = counts[k] == 0;
            result[k] = new ReliabilityBin(
                k / (double)bins,
                (k + 1) / (double)bins,
                empty ? double.NaN : sumPredicted[k] / counts[k],
                empty ? double.NaN : positives[k] / (double)counts[k],
                counts[k]);
        }
        return result;
    }

    /// <summary>Expected calibration error with 15 equal-width bins over the patients that stated a probability; NaN when none did.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<PatientOutcome> outcomes, int bins = DefaultBins) =>
        ExpectedCalibrationError(ReliabilityDiagram(outcomes, bins));

    /// <summary>ECE of a reliability diagram: count-weighted mean of |mean predicted - observed frequency|; NaN when all bins are empty.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<ReliabilityBin> diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        var total = diagram.Sum(b => b.Count);
        if (total == 0) return double.NaN;
        double ece = 0;
        foreach (var bin in diagram)
            if (bin.Count > 0)
                ece += bin.Count / (double)total * Math.Abs(bin.MeanPredicted - bin.ObservedFrequency);
        return ece;
    }

    private static int BinIndex(double probability, int bins) => Math.Min((int)Math.Floor(probability * bins), bins - 1);
}
