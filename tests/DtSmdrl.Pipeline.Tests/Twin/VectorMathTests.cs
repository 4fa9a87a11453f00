using System.Runtime.Intrinsics;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class VectorMathTests
{
    // The stated bounds (VectorMath remarks) are against the exact value; Math.Log/Exp are themselves within
    // about 1 ulp (1.1e-16), so the comparison allows that on top.
    private const double StatedBound = 5e-16;
    private const double AgainstMath = StatedBound + 1.2e-16;

    private static double MaxRelativeError(Func<Vector256<double>, Vector256<double>> vector, Func<double, double> scalar, double[] xs)
    {
        var worst = 0.0;
        for (var i = 0; i + 4 <= xs.Length; i += 4)
        {
            var result = vector(Vector256.Create(xs, i));
            for (var k = 0; k < 4; k++)
            {
                var expected = scalar(xs[i + k]);
                var error = expected == 0 ? Math.Abs(result[k]) : Math.Abs(result[k] - expected) / Math.Abs(expected);
                worst = Math.Max(worst, error);
            }
        }

        return worst;
    }

    private static double[] LogUniform(double lo, double hi, int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Math.Exp(Math.Log(lo) + (Math.Log(hi) - Math.Log(lo)) * rng.NextDouble())).ToArray();
    }

    private static double[] Uniform(double lo, double hi, int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();
    }

    [TestMethod]
    public void LogIsWithinItsStatedBoundOverTheTwinsRangesAndBeyond()
    {
        // Twin arguments: volumes in [1e-9, 1e8] mm^3 and ANC in [1e-9, 100]; plus the whole normal and subnormal range and near 1.
        var sets = new Dictionary<string, double[]>
        {
            ["twin volumes and counts"] = LogUniform(1e-9, 1e8, 200_000, 1),
            ["whole normal range"] = LogUniform(2.3e-308, 1.7e308, 200_000, 2),
            ["near 1"] = Uniform(0.5, 2.0, 200_000, 3),
            ["very near 1"] = Uniform(1 - 1e-6, 1 + 1e-6, 20_000, 4),
            ["subnormals"] = LogUniform(4.9e-324, 2.2e-308, 20_000, 5),
        };
        var errors = sets.ToDictionary(set => set.Key, set => MaxRelativeError(VectorMath.Log, Math.Log, set.Value));
        var report = string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value:E2}"));
        Assert.IsLessThanOrEqualTo(AgainstMath, errors.Values.Max(), $"max relative errors against Math.Log: {report}");
    }

    [TestMethod]
    public void ExpIsWithinItsStatedBoundOverTheTwinsRangesAndBeyond()
    {
        var sets = new Dictionary<string, double[]>
        {
            ["twin arguments"] = Uniform(-40, 10, 200_000, 6),
            ["whole accurate range"] = Uniform(-708, 709, 200_000, 7),
            ["near 0"] = Uniform(-1e-3, 1e-3, 20_000, 8),
        };
        var errors = sets.ToDictionary(set => set.Key, set => MaxRelativeError(VectorMath.Exp, Math.Exp, set.Value));
        var report = string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value:E2}"));
        Assert.IsLessThanOrEqualTo(AgainstMath, errors.Values.Max(), $"max relative errors against Math.Exp: {report}");
    }

    [TestMethod]
    public void SpecialValuesFollowMathLogAndExp()
    {
        var log = VectorMath.Log(Vector256.Create(0.0, -1.0, double.PositiveInfinity, double.NaN));
        Assert.AreEqual(double.NegativeInfinity, log[0]);
        Assert.IsTrue(double.IsNaN(log[1]), "log of a negative number");
        Assert.AreEqual(double.PositiveInfinity, log[2]);
        Assert.IsTrue(double.IsNaN(log[3]));
        Assert.AreEqual(0.0, VectorMath.Log(Vector256.Create(1.0))[0], "log 1 is exactly 0");

        var exp = VectorMath.Exp(Vector256.Create(0.0, -800.0, 800.0, double.NaN));
        Assert.AreEqual(1.0, exp[0], "exp 0 is exactly 1");
        Assert.AreEqual(0.0, exp[1]);
        Assert.AreEqual(double.PositiveInfinity, exp[2]);
        Assert.IsTrue(double.IsNaN(exp[3]));
    }
}
