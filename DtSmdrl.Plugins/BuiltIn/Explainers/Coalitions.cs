namespace DtSmdrl.Plugins.BuiltIn.Explainers;

/// <summary>
/// The coalitions KernelSHAP evaluates, with their regression weights: every proper non-empty subset weighted by the
/// Shapley kernel when there are few enough, otherwise subsets drawn with probability proportional to the kernel
/// (sizes first, then a uniform subset of that size), each paired with its complement, all weighted 1.
/// </summary>
/// <param name="Masks">One bool array per coalition over the m players (true = the patient's value is used).</param>
/// <param name="Weights">Regression weight per coalition.</param>
/// <param name="Exact">True when every coalition was enumerated (the result is then the exact Shapley value).</param>
internal sealed record Coalitions(bool[][] Masks, double[] Weights, bool Exact)
{
    /// <summary>Enumeration is used up to this many players (2^20 coalitions at most).</summary>
    public const int MaxEnumeratedPlayers = 20;

    /// <summary>Shapley kernel weight (m - 1) / (C(m, s) s (m - s)) of a coalition of size s among m players.</summary>
    public static double KernelWeight(int m, int s) => (m - 1) / (BinomialCoefficient(m, s) * s * (double)(m - s));

    public static Coalitions Create(int players, int budget, Random rng)
    {
        if (players < 2) throw new ArgumentOutOfRangeException(nameof(players), players, "Coalitions need at least 2 players.");
        if (players <= MaxEnumeratedPlayers && (1L << players) - 2 <= budget)
            return Enumerate(players);
        return Sample(players, budget, rng);
    }

    private static Coalitions Enumerate(int m)
    {
        var count = (1 << m) - 2;
        var masks = new bool[count][];
        var weights = new double[count];
        for (var code = 1; code <= count; code++)
        {
            var mask = new bool[m];
            var size = 0;
            for (var j = 0; j < m; j++)
                if ((code >> j & 1) == 1) { mask[j] = true; size++; }
            masks[code - 1] = mask;
            weights[code - 1] = KernelWeight(m, size);
        }
        return new Coalitions(masks, weights, Exact: true);
    }

    private static Coalitions Sample(int m, int budget, Random rng)
    {
        // Total kernel mass of size s is C(m, s) * weight(s) = (m - 1) / (s (m - s)).
        var sizeMass = new double[m];
        double total = 0;
        for (var s = 1; s < m; s++) total += sizeMass[s] = (m - 1) / (s * (double)(m - s));
        var pairs = Math.Max(1, budget / 2);
        var masks = new bool[2 * pairs][];
        var order = Enumerable.Range(0, m).ToArray();
        for (var p = 0; p < pairs; p++)
        {
            var u = rng.NextDouble() * total;
            var size = 1;
            while (size < m - 1 && u > sizeMass[size]) u -= sizeMass[size++];
            // Partial Fisher-Yates: the first `size` entries of a shuffled order form the subset.
            for (var i = 0; i < size; i++)
            {
                var k = i + rng.Next(m - i);
                (order[i], order[k]) = (order[k], order[i]);
            }
            var mask = new bool[m];
            for (var i = 0; i < size; i++) mask[order[i]] = true;
            masks[2 * p] = mask;
            masks[2 * p + 1] = mask.Select(b => !b).ToArray();
        }
        return new Coalitions(masks, Enumerable.Repeat(1.0, masks.Length).ToArray(), Exact: false);
    }

    private static double BinomialCoefficient(int n, int k)
    {
        double c = 1;
        for (var i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }
}
