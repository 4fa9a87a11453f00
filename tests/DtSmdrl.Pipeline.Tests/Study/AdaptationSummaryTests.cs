using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Study;

[TestClass]
public sealed class AdaptationSummaryTests
{
    private static ContinuationRecord Record(string arm, int k, string patient, int replicate, double value, double perfect, double hold) =>
        new(arm, k, 2 * k, patient, replicate, value, perfect, hold, true);

    [TestMethod]
    public void GainIsARatioOfMeansOverPatientsAndReplicatesWithAPairedInterval()
    {
        ContinuationRecord[] records =
        [
            // p1: arm gains 10 + 30 of 40 + 40; p2: 0 + 20 of 20 + 20 -> (10 + 30 + 0 + 20) / (40 + 40 + 20 + 20) = 0.5.
            Record("A", 0, "p1", 0, 110, 140, 100), Record("A", 0, "p1", 1, 130, 140, 100),
            Record("A", 0, "p2", 0, 50, 70, 50), Record("A", 0, "p2", 1, 70, 70, 50),
            Record("A", 1, "p1", 0, 140, 140, 100), Record("A", 1, "p2", 0, 70, 70, 50),
            Record("B", 0, "p1", 0, 100, 140, 100), Record("B", 0, "p2", 0, 50, 70, 50),
        ];
        var rows = AdaptationSummary.Of(records, resamples: 200, seed: 1);
        CollectionAssert.AreEqual(new[] { ("A", 0), ("A", 1), ("B", 0) }, rows.Select(r => (r.Arm, r.Scans)).ToArray());
        var a0 = rows[0];
        Assert.AreEqual(0.5, a0.GainCaptured, 1e-12);
        Assert.AreEqual(2, a0.Patients);
        Assert.AreEqual(4, a0.Replicates);
        // Resampling p1 alone gives 40/80, p2 alone 20/40: every resample is 0.5, so the interval is the point.
        Assert.AreEqual(0.5, a0.Lower, 1e-12);
        Assert.AreEqual(0.5, a0.Upper, 1e-12);
        Assert.AreEqual(1.0, rows[1].GainCaptured, 1e-12);
        Assert.AreEqual(0.0, rows[2].GainCaptured, 1e-12);

        Assert.AreEqual(1, AdaptationSummary.ScansToReach(rows.Where(r => r.Arm == "A")));
        Assert.AreEqual(0, AdaptationSummary.ScansToReach(rows.Where(r => r.Arm == "A"), fraction: 0.5));
        Assert.IsNull(AdaptationSummary.ScansToReach(rows.Where(r => r.Arm == "B")));
    }

    [TestMethod]
    public void IntervalFollowsThePatientsAndNoGainToCaptureIsUndefined()
    {
        ContinuationRecord[] records =
        [
            Record("A", 0, "p1", 0, 140, 140, 100), Record("A", 0, "p2", 0, 50, 70, 50), Record("A", 0, "p3", 0, 60, 60, 60),
            Record("C", 0, "p1", 0, 100, 100, 100),
        ];
        var rows = AdaptationSummary.Of(records, resamples: 500, seed: 2);
        // p1 captures all, p2 none, p3 has nothing to capture: 40 / 60.
        Assert.AreEqual(40.0 / 60.0, rows[0].GainCaptured, 1e-12);
        Assert.IsTrue(rows[0].Lower < rows[0].GainCaptured && rows[0].GainCaptured < rows[0].Upper, $"[{rows[0].Lower}, {rows[0].Upper}]");
        Assert.IsTrue(double.IsNaN(rows[1].GainCaptured));
    }
}
