namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Conditional value at risk of a sample of losses (larger = worse), used for the CVaR_0.9 risk score
/// (metrics.md, "Clinical outcome metrics") and by the safety layer on twin posterior samples.
/// </summary>
public static class RiskMeasures
{
    /// <summary>
    /// Upper-tail CVaR at level <paramref name="alpha"/> of an equally weighted sample of losses: the mean
    /// over the worst (1 - alpha) share of the probability mass, by the Rockafellar-Uryasev definition
    /// (equal to Acerbi-Tasche's expected shortfall for a discrete sample).
    /// <para>
    /// With the losses sorted from worst down, x(1) >= x(2) >= ... >= x(n), and tail size m = (1 - alpha) * n
    /// (in patients, possibly fractional), CVaR = [x(1) + ... + x(k) + (m - k) * x(k + 1)] / m with k = floor(m):
    /// the k worst values count fully and the next one carries the fractional remainder. So n = 25 at
    /// alpha = 0.9 gives m = 2.5: (x(1) + x(2) + 0.5 x(3)) / 2.5; when m &lt; 1 the result is the maximum.
    /// m within 1e-9 of an integer is rounded to it so that 0.1 * 30 is exactly 3 patients.
    /// alpha = 0 gives the sample mean.
    /// </para>
    /// </summary>
    /// <param name="losses">Finite losses, at least one.</param>
    /// <param name="alpha">Confidence level in [0, 1).</param>
    public static double UpperCvar(IReadOnlyList<double> losses, double alpha)
    {
        OutcomeChecks.RequireFiniteSample(losses, nameof(UpperCvar));
        if (!(alpha >= 0.0 && alpha < 1.0))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "CVaR level alpha must be in [0, 1).");

        var sorted = losses.ToArray();
        Array.Sort(sorted);
        Array.Reverse(sorted);

        var n = sorted.Length;
        var tail = (1.0 - alpha) * n;
        var rounded = Math.Round(tail);
        if (rounded > 0 && Math.Abs(tail - rounded) < 1e-9) tail = rounded;

        var whole = (int)Math.Floor(tail);
        double sum = 0;
        for (var i = 0; i < whole; i++) sum += sorted[i];
        var fraction = tail - whole;
        if (fraction > 0) sum += fraction * sorted[whole];
        return sum / tail;
    }
    /// <summary>
    /// Upper-tail CVaR at level <paramref name="alpha"/> of weighted losses (e.g. twin posterior samples with
    /// importance weights): the same Rockafellar-Uryasev tail mean as <see cref="UpperCvar(IReadOnlyList{double}, double)"/>,
    /// with tail mass m = (1 - alpha) * (sum of weights). Losses are taken from the worst down, each with its full
    /// weight until the tail is filled; the boundary loss enters with the part of its weight that fits.
    /// With all weights equal this is the unweighted CVaR.
    /// </summary>
    /// <param name="losses">Finite losses, at least one.</param>
    /// <param name="weights">Finite weights >= 0, one per loss, with a positive sum; they need not sum to 1.</param>
    /// <param name="alpha">Confidence level in [0, 1).</param>
    public static double UpperCvar(IReadOnlyList<double> losses, IReadOnlyList<double> weights, double alpha)
    {
        OutcomeChecks.RequireFiniteSample(losses, nameof(UpperCvar));
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != losses.Count)
            throw new ArgumentException($"{nameof(UpperCvar)}: {losses.Count} losses but {weights.Count} weights.", nameof(weights));
        for (var i = 0; i < weights.Count; i++)
            if (!(weights[i] >= 0.0) || double.IsInfinity(weights[i]))
                throw new ArgumentException($"{nameof(UpperCvar)}: weight[{i}] = {weights[i]} must be a finite number >= 0.", nameof(weights));
        if (!(alpha >= 0.0 && alpha < 1.0))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "CVaR level alpha must be in [0, 1).");
        var totalWeight = weights.Sum();
        if (!(totalWeight > 0.0))
            throw new ArgumentException($"{nameof(UpperCvar)}: the weights sum to {totalWeight}; they must have a positive sum.", nameof(weights));

        var order = Enumerable.Range(0, losses.Count).OrderByDescending(i => losses[i]).ToArray();
        var tail = (1.0 - alpha) * totalWeight;
        double taken = 0, sum = 0;
        foreach (var i in order)
        {
            if (taken >= tail) break;
            var take = Math.Min(weights[i], tail - taken);
            sum += take * losses[i];
            taken += take;
        }
        return sum / taken;
    }
}
