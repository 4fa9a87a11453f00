using DtSmdrl.Plugins.BuiltIn.Causal;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

[TestClass]
public sealed class SyntheticCateCheckTests
{
    [TestMethod]
    public void TruthReproducesTheHistoryAndTheDrIntervalsCoverTheTrueEffects()
    {
        // Small and fast: 600 generated patients (about 330 analysed), 3 folds, linear final stage.
        var report = SyntheticCateCheck.Run(new SyntheticCateOptions
        {
            CohortSize = 600,
            CohortSeed = 4,
            Causal = new CausalOptions { Seed = 4, Folds = 3, CateLearner = LearnerKind.Linear, BootstrapResamples = 0, Refute = false },
        });

        // The factual arm re-simulated on the true twins with the retrospective seeds is the history, up to the
        // records' rounding of each lesion diameter to 0.1 mm (a wrong seed or policy gives differences of 10 points and more).
        Assert.IsLessThan(3.0, report.FactualMaxDifference, $"re-simulated factual outcomes differ from the history by up to {report.FactualMaxDifference:F2} points");
        Assert.IsGreaterThan(200, report.Rows);
        Assert.IsTrue(report.Adjusted.Covers(report.TrueAverageEffect), $"AIPW {report.Adjusted} should cover the true average effect {report.TrueAverageEffect:F3}");
        Assert.IsGreaterThanOrEqualTo(6, report.Subgroups.Count);
        Assert.IsGreaterThanOrEqualTo(0.6, report.SubgroupCoverage, string.Join("; ", report.Subgroups.Select(s => $"{s.Subgroup}: true {s.TrueEffect:F2}, {s.Estimate.Lower:F2} to {s.Estimate.Upper:F2}")));
        Assert.IsTrue(double.IsFinite(report.CateRmse) && report.CateRmse > 0);
    }
}
