namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>Discrimination and accuracy of probabilities against binary outcomes.</summary>
public static class BinaryScores
{
    /// <summary>Area under the ROC curve (Mann-Whitney, ties count half); NaN when a class is absent.</summary>
    public static double Auc(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        var order = Enumerable.Range(0, probabilities.Count).OrderBy(i => probabilities[i]).ToArray();
        double rankSumPositives = 0;
        var positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && probabilities[order[end + 1]] == probabilities[order[start]]) end++;
            var midRank = (start + end) / 2.0 + 1.0;
            for (var k = start; k <= end; k++)
                if (outcomes[order[k]])
                {
                    rankSumPositives += midRank;
                    positives++;
                }
            start = end + 1;
        }
        var negatives = order.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Brier score: mean squared difference between probability and outcome (0 best).</summary>
    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        if (probabilities.Count == 0) return double.NaN;
        double sum = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var d = probabilities[i] - (outcomes[i] ? 1.0 : 0.0);
            sum += d * d;
        }
        return sum / probabilities.Count;
    }
}
