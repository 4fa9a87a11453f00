using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>
/// Confounded right-censored data with a known effect: x1, x2 ~ N(0, 1); P(T = 1 | x) = sigmoid(x1 + 0.5 x2);
/// event hazard 0.5 exp(0.8 x1 + 0.4 x2 + beta T) (exponential, proportional hazards, so beta is the
/// conditional log hazard ratio); censoring hazard 0.2 exp(0.5 x1) (depends on the covariates, so it is
/// tied to the event time within an arm; or 0.2 when <c>covariateCensoring</c> is false), and
/// administrative censoring at 4. Treated units have higher x1, so the naive comparison makes treatment look
/// harmful. The marginal truths come from the same model by Monte Carlo over x with no censoring.
/// </summary>
internal static class SimulatedSurvivalData
{
    public const double LogHazardRatio = -0.6;

    public static TimeToEventDataset Generate(int n, int seed, bool covariateCensoring = true)
    {
        var random = new Random(seed);
        var x = new double[n][];
        var t = new bool[n];
        var time = new double[n];
        var status = new bool[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = [Normal(random), Normal(random)];
            t[i] = random.NextDouble() < Sigmoid(x[i][0] + 0.5 * x[i][1]);
            var rate = Rate(x[i], t[i]);
            var eventTime = -Math.Log(1 - random.NextDouble()) / rate;
            var censorTime = Math.Min(-Math.Log(1 - random.NextDouble()) / (0.2 * (covariateCensoring ? Math.Exp(0.5 * x[i][0]) : 1)), 4.0);
            time[i] = Math.Min(eventTime, censorTime);
            status[i] = eventTime <= censorTime;
        }
        return new TimeToEventDataset(["x1", "x2"], x, t, time, status);
    }

    /// <summary>True marginal S1(h) - S0(h) and RMST1(h) - RMST0(h), by Monte Carlo over x (2e5 draws, fixed seed).</summary>
    public static (double Survival, double RestrictedMean) TrueDifferences(double horizon)
    {
        var random = new Random(12345);
        double s = 0, r = 0;
        const int draws = 200_000;
        for (var k = 0; k < draws; k++)
        {
            double[] x = [Normal(random), Normal(random)];
            var r1 = Rate(x, true);
            var r0 = Rate(x, false);
            s += Math.Exp(-r1 * horizon) - Math.Exp(-r0 * horizon);
            r += (1 - Math.Exp(-r1 * horizon)) / r1 - (1 - Math.Exp(-r0 * horizon)) / r0;
        }
        return (s / draws, r / draws);
    }

    private static double Rate(double[] x, bool treated) => 0.5 * Math.Exp(0.8 * x[0] + 0.4 * x[1] + (treated ? LogHazardRatio : 0));

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
