namespace DtSmdrl.Pipeline.Evaluation.Uncertainty;

/// <summary>
/// Isotonic regression of outcomes on stated probabilities (pool-adjacent-violators): the non-decreasing step
/// function closest in squared error to the 0/1 outcomes. Each block covers a range of stated probabilities and maps
/// them to the block's observed response rate; between blocks the map interpolates linearly, below the first and
/// above the last it is flat. Flexible where temperature scaling has one parameter, so it needs more held-out
/// patients (it can fit noise on a small validation split).
/// </summary>
/// <param name="Thresholds">Per block, the mean stated probability of its patients (increasing).</param>
/// <param name="Values">Per block, its observed outcome rate (non-decreasing).</param>
public sealed record IsotonicCalibration(IReadOnlyList<double> Thresholds, IReadOnlyList<double> Values) : IProbabilityCalibrator
{
    public string Name => "isotonic";

    public double Apply(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Isotonic calibration: probability not in [0, 1].");
        if (probability <= Thresholds[0]) return Values[0];
        var last = Thresholds.Count - 1;
        if (probability >= Thresholds[last]) return Values[last];
        var k = 0;
        while (Thresholds[k + 1] < probability) k++;
        var w = (probability - Thresholds[k]) / (Thresholds[k + 1] - Thresholds[k]);
        return Values[k] + w * (Values[k + 1] - Values[k]);
    }

    /// <summary>Fits the map by pool-adjacent-violators on held-out probabilities and outcomes.</summary>
    public static IsotonicCalibration Fit(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        BinaryLogLoss.Check(probabilities, outcomes, "Isotonic calibration");
        // Ties in the stated probability form one starting block, so the fit does not depend on input order.
        var order = Enumerable.Range(0, probabilities.Count).OrderBy(i => probabilities[i]).ToArray();
        var sumX = new List<double>();
        var sumY = new List<double>();
        var count = new List<int>();
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && probabilities[order[end + 1]] == probabilities[order[start]]) end++;
            double x = 0, y = 0;
            for (var i = start; i <= end; i++)
            {
                x += probabilities[order[i]];
                y += outcomes[order[i]] ? 1 : 0;
            }
            sumX.Add(x);
            sumY.Add(y);
            count.Add(end - start + 1);
            // Merge backwards while the previous block's rate is above this one's.
            while (sumY.Count > 1 && sumY[^2] / count[^2] > sumY[^1] / count[^1])
            {
                sumX[^2] += sumX[^1];
                sumY[^2] += sumY[^1];
                count[^2] += count[^1];
                sumX.RemoveAt(sumX.Count - 1);
                sumY.RemoveAt(sumY.Count - 1);
                count.RemoveAt(count.Count - 1);
            }
            start = end + 1;
        }
        return new IsotonicCalibration(
            sumX.Select((x, k) => x / count[k]).ToArray(),
            sumY.Select((y, k) => y / count[k]).ToArray());
    }
}
