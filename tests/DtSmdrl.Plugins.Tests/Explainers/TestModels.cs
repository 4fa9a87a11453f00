using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.Tests.Explainers;

/// <summary>Small models with known attributions.</summary>
internal static class TestModels
{
    public static ExplainableModel FromFunction(string name, int features, Func<double[], double> f) => new()
    {
        Name = name,
        Features = Enumerable.Range(0, features).Select(j => new ModelFeature($"x{j}", "", "g")).ToList(),
        Outputs = ["y"],
        Predict = (_, rows) => rows.Select(r => new[] { f(r) }).ToArray(),
    };

    public static double[][] Rows(int count, int features, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, features).Select(_ => rng.NextDouble() * 4 - 2).ToArray()).ToArray();
    }

    /// <summary>
    /// Exact interventional Shapley values by the permutation-free subset formula:
    /// phi_j = sum over S not containing j of |S|! (M - |S| - 1)! / M! (v(S + j) - v(S)), v(S) = mean_b f(x_S, b_notS).
    /// </summary>
    public static double[] BruteForceShapley(Func<double[], double> f, double[] x, IReadOnlyList<double[]> background)
    {
        var m = x.Length;
        double V(int code) => background.Average(b => f(b.Select((v, j) => (code >> j & 1) == 1 ? x[j] : v).ToArray()));
        var factorial = new double[m + 1];
        factorial[0] = 1;
        for (var i = 1; i <= m; i++) factorial[i] = factorial[i - 1] * i;
        var phi = new double[m];
        for (var j = 0; j < m; j++)
            for (var code = 0; code < 1 << m; code++)
            {
                if ((code >> j & 1) == 1) continue;
                var size = System.Numerics.BitOperations.PopCount((uint)code);
                phi[j] += factorial[size] * factorial[m - size - 1] / factorial[m] * (V(code | 1 << j) - V(code));
            }
        return phi;
    }
}
