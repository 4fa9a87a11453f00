namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Inverse-probability-of-censoring weights for outcomes at a horizon h. A row's status at h is known when
/// its event was observed, or when it was followed to h or beyond; for such a row G_i = P(C &gt;= min(T_i, h) | A_i, X_i),
/// the probability of remaining uncensored that long, from a Cox model of the censoring times on treatment
/// and covariates (censoring as the event, Breslow baseline; censorings tied with events count as after them).
/// Weighted by 1/G, the known rows stand for the rows censored before h, which is right when censoring is
/// independent of the event given treatment and covariates.
/// </summary>
internal static class CensoringWeights
{
    public const string Model = "Cox on treatment and covariates (Breslow baseline)";

    /// <summary>Per row: whether its status at the horizon is known, and G clipped below at <paramref name="clip"/> (1 for unknown rows).</summary>
    public static (bool[] Known, double[] G, int Clipped) Compute(double[][] covariates, bool[] treated, double[] time, bool[] status, double horizon, double clip)
    {
        var n = time.Length;
        var design = covariates.Select((row, i) => row.Prepend(treated[i] ? 1.0 : 0.0).ToArray()).ToArray();
        var censored = status.Select(s => !s).ToArray();
        var known = new bool[n];
        var g = new double[n];
        var clipped = 0;
        if (!censored.Any(c => c))
        {
            for (var i = 0; i < n; i++) (known[i], g[i]) = (true, 1.0);
            return (known, g, 0);
        }
        var fit = CoxRegression.Fit(design, time, censored);
        for (var i = 0; i < n; i++)
        {
            known[i] = status[i] || time[i] >= horizon;
            if (!known[i]) { g[i] = 1; continue; }
            var probability = fit.SurvivalBefore(Math.Min(time[i], horizon), design[i]);
            if (probability < clip) clipped++;
            g[i] = Math.Max(probability, clip);
        }
        return (known, g, clipped);
    }
}
