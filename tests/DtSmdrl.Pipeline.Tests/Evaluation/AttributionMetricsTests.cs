using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class AttributionMetricsTests
{
    [TestMethod]
    public void DriverRecoveryCountsDriversInTopDriversPlusTwo()
    {
        var importances = new Dictionary<string, double>
        {
            ["a"] = 0.9, ["b"] = 0.8, ["c"] = 0.7, ["d"] = 0.6, ["e"] = 0.5, ["f"] = 0.4,
        };
        // Three drivers -> k = 5: top five a..e hold a and e, not f.
        Assert.AreEqual(2.0 / 3, AttributionMetrics.DriverRecovery(importances, ["a", "e", "f"]), 1e-12);
        // One driver -> k = 3: f is sixth.
        Assert.AreEqual(0.0, AttributionMetrics.DriverRecovery(importances, ["f"]), 1e-12);
    }

    [TestMethod]
    public void EqualImportancesAreBrokenByNameOrder()
    {
        var importances = new Dictionary<string, double> { ["z"] = 1, ["a"] = 1, ["m"] = 1, ["b"] = 1 };
        // k = 3 with ordinal order a, b, m, z.
        Assert.AreEqual(1.0, AttributionMetrics.DriverRecovery(importances, ["m"]), 1e-12);
        Assert.AreEqual(0.0, AttributionMetrics.DriverRecovery(importances, ["z"]), 1e-12);
    }

    [TestMethod]
    public void UnknownDriverIsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            AttributionMetrics.DriverRecovery(new Dictionary<string, double> { ["a"] = 1 }, ["egfr"]));
        StringAssert.Contains(error.Message, "egfr");
    }

    [TestMethod]
    public void ConsistencyIsMeanPairwiseSpearman()
    {
        IReadOnlyList<double>[] seeds = [[1.0, 2.0, 3.0, 4.0], [0.1, 0.2, 0.3, 0.4], [4.0, 3.0, 2.0, 1.0]];
        // Pairs: (0,1) = 1, (0,2) = -1, (1,2) = -1.
        Assert.AreEqual(-1.0 / 3, AttributionMetrics.AttributionConsistency(seeds), 1e-12);
    }
}
