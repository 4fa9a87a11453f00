using DtSmdrl.Plugins.BuiltIn.Explainers.Global;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.Tests.Explainers;

[TestClass]
public sealed class GlobalImportanceTableTests
{
    // Two outputs: the first reads only feature 2, the second only feature 0.
    private static readonly ExplainableModel TwoRegimens = new()
    {
        Name = "two regimens",
        Features = Enumerable.Range(0, 4).Select(j => new ModelFeature($"x{j}", "", "g")).ToList(),
        Outputs = ["P(a)", "P(b)"],
        Predict = (_, rows) => rows.Select(r => new[] { 3 * r[2], Math.Tanh(r[0]) }).ToArray(),
    };

    [TestMethod]
    public void AnOutputThatReadsOneFeatureGetsAllItsImportanceThere()
    {
        var rows = TestModels.Rows(6, 4, seed: 1);
        var background = TestModels.Rows(5, 4, seed: 2);
        var ids = Enumerable.Range(0, rows.Length).Select(i => $"p{i}").ToList();
        var table = GlobalImportanceTable.Rank("M", TwoRegimens, ids, rows, [0, 1], ["a", "b"], background, new ExplainerOptions(Seed: 4));
        Assert.HasCount(8, table);
        Assert.IsTrue(table.All(r => r.Method == "M"));
        foreach (var (regimen, feature) in new[] { ("a", "x2"), ("b", "x0") })
        {
            var mine = table.Where(r => r.Regimen == regimen).ToList();
            Assert.IsGreaterThan(0.1, mine.Single(r => r.Feature == feature).Importance);
            foreach (var other in mine.Where(r => r.Feature != feature))
                Assert.AreEqual(0.0, other.Importance, 1e-9, $"{regimen}: {other.Feature}");
        }
        // Exact for a linear output: mean |3 (x2 - mean background x2)|.
        var expected = rows.Average(r => Math.Abs(3 * (r[2] - background.Average(b => b[2]))));
        Assert.AreEqual(expected, table.Single(r => r.Regimen == "a" && r.Feature == "x2").Importance, 1e-6);
    }

    [TestMethod]
    public void CsvHasTheReportColumnsAndQuotesCommas()
    {
        var path = Path.Combine(Path.GetTempPath(), $"importance-{Guid.NewGuid():N}.csv");
        try
        {
            GlobalImportanceTable.Write(path, [new RegimenImportance("DT-SMDRL", "immuno", "omics.pdl1_tps_pct", 0.25), new RegimenImportance("DT-SMDRL", "a,b", "x", 1e-3)]);
            var lines = File.ReadAllLines(path);
            CollectionAssert.AreEqual(new[] { "method,regimen,feature,importance", "DT-SMDRL,immuno,omics.pdl1_tps_pct,0.25", "DT-SMDRL,\"a,b\",x,0.001" }, lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void EvenlySpacedKeepsAllWhenFewAndStridesOtherwise()
    {
        var items = Enumerable.Range(0, 10).ToList();
        CollectionAssert.AreEqual(new[] { 0, 2, 5, 7 }, DtSmdrlPolicyImportance.EvenlySpaced(items, 4).ToArray());
        Assert.HasCount(10, DtSmdrlPolicyImportance.EvenlySpaced(items, 40));
    }

    [TestMethod]
    public void RejectsMismatchedRegimenNames()
    {
        var rows = TestModels.Rows(2, 4, seed: 1);
        Assert.ThrowsExactly<ArgumentException>(() =>
            GlobalImportanceTable.Rank("M", TwoRegimens, ["p0", "p1"], rows, [0, 1], ["a"], rows, new ExplainerOptions()));
    }
}
