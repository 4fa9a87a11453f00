using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Study;

[TestClass]
public sealed class AdaptationSummaryTests
{
    private static AdaptationCurve Curve(InitialisationKind kind, double oracle, params double[] values)
    {
        var episodes = Enumerable.Repeat(3, values.Length - 1).ToArray();
        var reached = new DtSmdrl.Pipeline.Agent.AdaptationResult(null!, values, 1, episodes).UpdatesToReach(oracle);
        return new AdaptationCurve(kind, "p", oracle, values, episodes, reached);
    }

    [TestMethod]
    public void UnreachedPatientsCountAsKPlusOneAndReductionComparesMeans()
    {
        // K = 3. Meta: reaches 0.9 * 1.0 at update 1 and at 0; population: at 3 and never.
        var curves = new[]
        {
            Curve(InitialisationKind.Meta, 1.0, 0.5, 0.95, 1.0, 1.0),
            Curve(InitialisationKind.Meta, 1.0, 0.9, 0.9, 0.9, 0.9),
            Curve(InitialisationKind.Population, 1.0, 0.1, 0.2, 0.5, 0.92),
            Curve(InitialisationKind.Population, 1.0, 0.1, 0.1, 0.1, 0.1),
        };
        var rows = AdaptationSummary.Of(curves, maxUpdates: 3);
        var meta = rows.Single(r => r.Initialisation == InitialisationKind.Meta);
        var population = rows.Single(r => r.Initialisation == InitialisationKind.Population);
        Assert.AreEqual(1.0, meta.ShareReached);
        Assert.AreEqual(0.5, meta.MeanUpdates, 1e-12);            // (1 + 0) / 2
        Assert.AreEqual(1.5, meta.MeanEpisodesWhenReached, 1e-12); // (3 + 0) / 2
        Assert.AreEqual(0.5, population.ShareReached);
        Assert.AreEqual(3.5, population.MeanUpdates, 1e-12);      // (3 + 4) / 2
        Assert.AreEqual(3.0, population.MeanUpdatesWhenReached, 1e-12);
        Assert.AreEqual(1 - 0.5 / 3.5, AdaptationSummary.Reduction(meta, population), 1e-12);
    }

    [TestMethod]
    public void NegativeOracleValuesUseTheDistanceRule()
    {
        // J* = -1: the bar is -1 - 0.1 * 1 = -1.1.
        var curve = Curve(InitialisationKind.Random, -1.0, -2.0, -1.2, -1.05);
        Assert.AreEqual(2, curve.UpdatesToReach);
    }
}
