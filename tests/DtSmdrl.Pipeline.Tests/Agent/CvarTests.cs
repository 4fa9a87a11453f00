using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

[TestClass]
public sealed class CvarTests
{
    private static readonly double[] Sample = [3, 0, 7, 1, 9, 2, 5, 4, 8, 6]; // 0..9 shuffled

    [TestMethod]
    public void MatchesTheTailMeanWithTheFractionalAtom()
    {
        // alpha 0.9, n = 10: tail mass 1 -> the worst value.
        Assert.AreEqual(9.0, Cvar.Compute(Sample, 0.9), 1e-12);
        // alpha 0.75: tail mass 2.5 -> (9 + 8 + 0.5 * 7) / 2.5.
        Assert.AreEqual((9 + 8 + 0.5 * 7) / 2.5, Cvar.Compute(Sample, 0.75), 1e-12);
        // alpha 0: the mean.
        Assert.AreEqual(4.5, Cvar.Compute(Sample, 0.0), 1e-12);
        // alpha 0.95: tail mass 0.5 < 1 -> the maximum.
        Assert.AreEqual(9.0, Cvar.Compute(Sample, 0.95), 1e-12);
    }

    [TestMethod]
    public void EqualsTheRockafellarUryasevMinimum()
    {
        var rng = new AgentRandom(7);
        var sample = Enumerable.Range(0, 37).Select(_ => Math.Exp(rng.NextGaussian())).ToArray();
        foreach (var alpha in new[] { 0.1, 0.5, 0.8, 0.9, 0.97 })
        {
            // min over t of t + E[(X - t)+] / (1 - alpha); the objective is piecewise linear with kinks at the sample points.
            var direct = sample.Min(t => t + sample.Average(x => Math.Max(x - t, 0)) / (1 - alpha));
            Assert.AreEqual(direct, Cvar.Compute(sample, alpha), 1e-9, $"alpha {alpha}");
        }
    }

    [TestMethod]
    public void GroupedCvarAveragesWithinGroupTails()
    {
        double[] costs = [0, 0, 0, 4, 1, 1, 1, 1];
        int[] groups = [0, 0, 0, 0, 1, 1, 1, 1];
        // alpha 0.5: group 0 tail mean of worst 2 = (4 + 0) / 2 = 2; group 1 = 1; average 1.5.
        Assert.AreEqual(1.5, Cvar.GroupedMean(costs, groups, 0.5), 1e-12);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Cvar.Compute(costs, 1.0));
    }
}
