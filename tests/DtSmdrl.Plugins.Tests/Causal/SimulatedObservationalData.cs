using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>
/// Confounded observational data with a known effect: x1, x2, x3 ~ N(0, 1); treatment with
/// P(T = 1 | x) = sigmoid(1.2 x1 + 0.6 x2); x1 and x2 also raise the outcome, so the naive difference
/// is biased upwards.
/// </summary>
internal static class SimulatedObservationalData
{
    /// <summary>Continuous outcome Y = tau(x) T + x1 + 0.5 x2 + 0.3 x3 + N(0, 1), tau(x) = 0.2 + heterogeneity·x1.</summary>
    public static (ObservationalDataset Data, double[] TrueCate) Continuous(int n, int seed, double heterogeneity = 0)
    {
        var random = new Random(seed);
        var x = new double[n][];
        var t = new bool[n];
        var y = new double[n];
        var tau = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = [Normal(random), Normal(random), Normal(random)];
            t[i] = random.NextDouble() < Sigmoid(1.2 * x[i][0] + 0.6 * x[i][1]);
            tau[i] = 0.2 + heterogeneity * x[i][0];
            y[i] = (t[i] ? tau[i] : 0) + x[i][0] + 0.5 * x[i][1] + 0.3 * x[i][2] + Normal(random);
        }
        return (new ObservationalDataset(["x1", "x2", "x3"], x, t, y), tau);
    }

    /// <summary>Binary outcome with P(Y = 1 | x, T) = sigmoid(-0.5 + x1 + 0.5 x2 + 1.0 T); returns each unit's true risk difference.</summary>
    public static (ObservationalDataset Data, double[] TrueRiskDifference) Binary(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n][];
        var t = new bool[n];
        var y = new double[n];
        var rd = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = [Normal(random), Normal(random), Normal(random)];
            t[i] = random.NextDouble() < Sigmoid(1.2 * x[i][0] + 0.6 * x[i][1]);
            var p0 = Sigmoid(-0.5 + x[i][0] + 0.5 * x[i][1]);
            var p1 = Sigmoid(0.5 + x[i][0] + 0.5 * x[i][1]);
            rd[i] = p1 - p0;
            y[i] = random.NextDouble() < (t[i] ? p1 : p0) ? 1 : 0;
        }
        return (new ObservationalDataset(["x1", "x2", "x3"], x, t, y), rd);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
