namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>One arm's Kaplan-Meier curve summarised at a horizon.</summary>
/// <param name="Survival">S(horizon).</param>
/// <param name="RestrictedMean">Restricted mean survival time, the area under S from 0 to the horizon.</param>
/// <param name="GreenwoodStandardError">Greenwood's standard error of S(horizon) (meaningful for unit weights; survfit's default).</param>
/// <param name="SurvivalInfluence">Per-row influence on S(horizon); the sum of squares is its infinitesimal-jackknife variance.</param>
/// <param name="RestrictedMeanInfluence">Per-row influence on the restricted mean.</param>
internal sealed record KaplanMeierAtHorizon(
    double Survival,
    double RestrictedMean,
    double GreenwoodStandardError,
    double[] SurvivalInfluence,
    double[] RestrictedMeanInfluence)
{
    public double SurvivalStandardError => Math.Sqrt(SurvivalInfluence.Sum(v => v * v));

    public double RestrictedMeanStandardError => Math.Sqrt(RestrictedMeanInfluence.Sum(v => v * v));
}

/// <summary>
/// Kaplan-Meier estimate with case weights (inverse-propensity weights give the IPW-adjusted curve of
/// Cole and Hernán 2004; unit weights the ordinary curve). Influence values are the infinitesimal
/// jackknife of the weighted estimator, as R's survfit(..., weights = w, robust = TRUE) computes them,
/// treating the weights as known: for row i with weight w_i,
/// IF_i(t) = -w_i S(t) [ 1{event_i, T_i &lt;= t} / (Y(T_i)(1 - dL(T_i))) - sum over event times s &lt;= min(t, T_i) of dL(s) / (Y(s)(1 - dL(s))) ],
/// with Y the weighted number at risk and dL = weighted deaths / Y.
/// </summary>
internal static class WeightedKaplanMeier
{
    public static KaplanMeierAtHorizon Estimate(double[] time, bool[] status, double[] weight, double horizon)
    {
        var n = time.Length;
        var order = Enumerable.Range(0, n).OrderBy(i => time[i]).ToArray();
        var atRisk = weight.Sum();
        var unweightedAtRisk = n;

        // Event times up to the horizon with S, A (cumulative dL / (Y (1 - dL))) and the per-death jump term.
        var times = new List<double>();
        var survivalAfter = new List<double>();
        var cumulativeA = new List<double>();
        var deathTerm = new List<double>();
        var survival = 1.0;
        var a = 0.0;
        var greenwood = 0.0;
        var position = 0;
        while (position < n)
        {
            var t = time[order[position]];
            double deaths = 0, leaving = 0;
            int unweightedDeaths = 0, unweightedLeaving = 0;
            for (; position < n && time[order[position]] == t; position++)
            {
                var i = order[position];
                leaving += weight[i];
                unweightedLeaving++;
                if (status[i]) { deaths += weight[i]; unweightedDeaths++; }
            }
            if (deaths > 0 && t <= horizon)
            {
                var hazard = deaths / atRisk;
                var remaining = Math.Max(1 - hazard, 1e-12);
                survival *= 1 - hazard;
                a += hazard / (atRisk * remaining);
                times.Add(t);
                survivalAfter.Add(survival);
                cumulativeA.Add(a);
                deathTerm.Add(1 / (atRisk * remaining));
                if (unweightedAtRisk > unweightedDeaths) greenwood += (double)unweightedDeaths / (unweightedAtRisk * (unweightedAtRisk - unweightedDeaths));
            }
            atRisk -= leaving;
            unweightedAtRisk -= unweightedLeaving;
        }

        var grid = times.ToArray();
        var s = survivalAfter.ToArray();
        var cumA = cumulativeA.ToArray();
        // R(t) = integral of S from 0 to t and B(t) = integral of S * A; both are piecewise linear between event times.
        var r = new double[grid.Length + 1];
        var b = new double[grid.Length + 1];
        for (var k = 0; k < grid.Length; k++)
        {
            var previousTime = k == 0 ? 0 : grid[k - 1];
            var previousS = k == 0 ? 1 : s[k - 1];
            var previousA = k == 0 ? 0 : cumA[k - 1];
            r[k + 1] = r[k] + previousS * (grid[k] - previousTime);
            b[k + 1] = b[k] + previousS * previousA * (grid[k] - previousTime);
        }
        double Step(double[] values, double t, double atZero)
        {
            var index = Array.BinarySearch(grid, t);
            var last = index >= 0 ? index : ~index - 1;
            return last >= 0 ? values[last] : atZero;
        }
        double Integral(double[] cumulative, double[] factor, double t, double atZero)
        {
            var index = Array.BinarySearch(grid, t);
            var last = index >= 0 ? index : ~index - 1;
            var from = last >= 0 ? grid[last] : 0;
            return cumulative[last + 1] + Step(factor, t, atZero) * (t - from);
        }
        var sA = s.Zip(cumA, (x, y) => x * y).ToArray();
        double RArea(double t) => Integral(r, s, t, 1);
        double BArea(double t) => Integral(b, sA, t, 0);

        var survivalAtHorizon = Step(s, horizon, 1);
        var restrictedMean = RArea(horizon);
        var survivalInfluence = new double[n];
        var rmstInfluence = new double[n];
        for (var i = 0; i < n; i++)
        {
            var until = Math.Min(time[i], horizon);
            var aAtUntil = Step(cumA, until, 0);
            var jump = 0.0;
            if (status[i] && time[i] <= horizon)
            {
                var k = Array.BinarySearch(grid, time[i]);
                jump = deathTerm[k];
            }
            survivalInfluence[i] = -weight[i] * survivalAtHorizon * (jump - aAtUntil);
            var jumpArea = jump * (restrictedMean - RArea(time[i] <= horizon ? time[i] : horizon));
            var riskArea = BArea(until) + aAtUntil * (restrictedMean - RArea(until));
            rmstInfluence[i] = -weight[i] * (jumpArea - riskArea);
        }
        return new KaplanMeierAtHorizon(survivalAtHorizon, restrictedMean, survivalAtHorizon * Math.Sqrt(greenwood), survivalInfluence, rmstInfluence);
    }
}
