namespace DtSmdrl.Pipeline.Agent;

/// <summary>Sampling and argmax over a categorical distribution restricted to allowed actions, on the C# side.</summary>
public static class MaskedCategorical
{
    /// <summary>
    /// Inverse-CDF sample with a uniform <paramref name="u"/> in [0, 1) over the allowed actions only: a masked
    /// action is never returned, whatever its (ideally zero) probability.
    /// </summary>
    public static int Sample(ReadOnlySpan<float> logProbs, ReadOnlySpan<bool> mask, double u)
    {
        double total = 0;
        var last = -1;
        for (var a = 0; a < logProbs.Length; a++)
        {
            if (!mask[a])
                continue;
            total += Math.Exp(logProbs[a]);
            last = a;
        }
        if (last < 0)
            throw new InvalidOperationException("Every action is masked: the environment or shield must leave at least one action (0 = hold).");
        var target = u * total;
        double cumulative = 0;
        for (var a = 0; a < logProbs.Length; a++)
        {
            if (!mask[a])
                continue;
            cumulative += Math.Exp(logProbs[a]);
            if (target < cumulative)
                return a;
        }
        return last;
    }

    /// <summary>The allowed action with the highest log-probability (lowest index on ties).</summary>
    public static int Greedy(ReadOnlySpan<float> logProbs, ReadOnlySpan<bool> mask)
    {
        var best = -1;
        for (var a = 0; a < logProbs.Length; a++)
            if (mask[a] && (best < 0 || logProbs[a] > logProbs[best]))
                best = a;
        if (best < 0)
            throw new InvalidOperationException("Every action is masked: the environment or shield must leave at least one action (0 = hold).");
        return best;
    }
}
