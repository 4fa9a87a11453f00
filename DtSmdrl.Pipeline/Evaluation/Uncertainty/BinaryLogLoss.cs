namespace DtSmdrl.Pipeline.Evaluation.Uncertainty;

/// <summary>Negative log-likelihood (log loss) of probabilities against binary outcomes, and the logit map both calibrators use.</summary>
public static class BinaryLogLoss
{
    /// <summary>Probabilities are clipped to [Clip, 1 - Clip] before a logarithm or logit, so 0 and 1 stay finite.</summary>
    public const double Clip = 1e-6;

    /// <summary>Mean of -[y log p + (1 - y) log(1 - p)] over the pairs.</summary>
    public static double Mean(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        Check(probabilities, outcomes, nameof(Mean));
        double sum = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], Clip, 1 - Clip);
            sum -= outcomes[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / probabilities.Count;
    }

    /// <summary>log(p / (1 - p)) of the clipped probability.</summary>
    public static double Logit(double probability)
    {
        var p = Math.Clamp(probability, Clip, 1 - Clip);
        return Math.Log(p / (1 - p));
    }

    /// <summary>1 / (1 + e^-z).</summary>
    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>Checks lengths, emptiness and that every probability is in [0, 1]; the message names the caller and the index.</summary>
    public static void Check(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes, string caller)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (probabilities.Count != outcomes.Count)
            throw new ArgumentException($"{caller}: {probabilities.Count} probabilities but {outcomes.Count} outcomes.");
        if (probabilities.Count == 0)
            throw new ArgumentException($"{caller}: no probabilities.");
        for (var i = 0; i < probabilities.Count; i++)
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1))
                throw new ArgumentException($"{caller}: probability[{i}] = {probabilities[i]} is not in [0, 1].", nameof(probabilities));
    }
}
