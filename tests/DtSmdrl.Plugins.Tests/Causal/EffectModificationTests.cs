using DtSmdrl.Plugins.BuiltIn.Causal;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>Subgroup effects on simulated data where one binary covariate modifies the effect and another does not.</summary>
[TestClass]
public sealed class EffectModificationTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly CausalOptions Fast = new() { Seed = 4, Folds = 3, BootstrapResamples = 0, Refute = false };

    /// <summary>x1 ~ N(0, 1), m and u ~ Bernoulli(0.5); P(T = 1) = sigmoid(x1 + 0.5 m); Y = (0.2 + 0.8 m) T + x1 + 0.5 m + N(0, 1).</summary>
    private static (ObservationalDataset Data, ModifierColumn[] Modifiers) Simulate(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n][];
        var t = new bool[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var x1 = Normal(random);
            var m = random.NextDouble() < 0.5 ? 1.0 : 0.0;
            var u = random.NextDouble() < 0.5 ? 1.0 : 0.0;
            x[i] = [x1, m, u];
            t[i] = random.NextDouble() < 1 / (1 + Math.Exp(-(x1 + 0.5 * m)));
            y[i] = (t[i] ? 0.2 + 0.8 * m : 0) + x1 + 0.5 * m + Normal(random);
        }
        ModifierColumn Column(string name, int j) => new(name, x.Select(r => r[j] == 1 ? "1" : "0").ToArray(), ["0", "1"]);
        return (new ObservationalDataset(["x1", "m", "u"], x, t, y), [Column("m", 1), Column("u", 2)]);
    }

    [TestMethod]
    public void KnownModifier_SubgroupIntervalsCoverTruth_DifferenceDetected_NullModifierNot()
    {
        var (data, modifiers) = Simulate(3000, seed: 8);
        var report = new DoublyRobustEstimator().EstimateEffectModification(data, new EffectQuery(), Fast, modifiers);
        foreach (var m in report.Modifiers)
        {
            foreach (var g in m.Subgroups)
                TestContext.WriteLine($"{m.Modifier}={g.Level}: n {g.Count}, naive {g.Naive!.Estimate:0.000}, adjusted {g.Adjusted.Estimate:0.000} [{g.Adjusted.Lower:0.000}, {g.Adjusted.Upper:0.000}], CATE mean {g.CateMean:0.000}");
            TestContext.WriteLine($"{m.Modifier}: difference {m.Differences[0].Difference.Estimate:0.000} [{m.Differences[0].Difference.Lower:0.000}, {m.Differences[0].Difference.Upper:0.000}], p {m.HeterogeneityPValue:0.0000}");
        }
        Assert.AreEqual("mean difference", report.Scale);
        var byM = report.Modifiers.Single(m => m.Modifier == "m");
        Assert.IsTrue(byM.Subgroups[0].Adjusted.Covers(0.2), "effect in m = 0 is 0.2");
        Assert.IsTrue(byM.Subgroups[1].Adjusted.Covers(1.0), "effect in m = 1 is 1.0");
        Assert.IsFalse(byM.Subgroups[0].Naive!.Covers(0.2), "the naive subgroup difference is confounded by x1");
        var difference = byM.Differences.Single().Difference;
        Assert.IsTrue(difference.Covers(0.8) && difference.Lower > 0, $"difference [{difference.Lower}, {difference.Upper}] should cover 0.8 and exclude 0");
        Assert.IsLessThan(0.001, byM.HeterogeneityPValue);
        Assert.IsGreaterThan(byM.Subgroups[0].CateMean + 0.3, byM.Subgroups[1].CateMean, "the DR-learner's CATE should be larger where m = 1");

        var byU = report.Modifiers.Single(m => m.Modifier == "u");
        Assert.IsTrue(byU.Differences.Single().Difference.Covers(0), "u modifies nothing");
    }

    [TestMethod]
    public void TinySubgroup_IsLeftOutWithAWarning()
    {
        var (data, _) = Simulate(400, seed: 9);
        var labels = Enumerable.Range(0, data.Count).Select(i => i < 3 ? "rare" : "common").ToArray();
        var report = new DoublyRobustEstimator().EstimateEffectModification(data, new EffectQuery(), Fast, [new ModifierColumn("site", labels, ["common", "rare"])]);
        Assert.AreEqual(1, report.Modifiers.Single().Subgroups.Count);
        Assert.IsTrue(report.Warnings.Any(w => w.Contains("'rare'") && w.Contains("too few")), string.Join(" | ", report.Warnings));
    }

    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
