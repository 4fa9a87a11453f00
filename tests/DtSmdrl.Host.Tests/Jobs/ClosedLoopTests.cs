using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Options;

namespace DtSmdrl.Host.Tests.Jobs;

[TestClass]
public sealed class ClosedLoopTests
{
    [TestMethod]
    public void TwinPredictionErrorFallsAsOutcomeCyclesArrive()
    {
        // Small and cheap: 14 patients, 40 particles. The full measurement is `dtsmdrl closed-loop` (README).
        var rows = ClosedLoopEvaluation.Run(patients: 14, seed: 5, maxCycles: 2,
            new TwinUpdateOptions { Particles = 40, MoveSweeps = 1, StepSize = 0.5, Seed = 5 }, threads: 2);
        var table = ClosedLoopEvaluation.Markdown(rows);
        Assert.AreEqual(14, rows[0].Patients, table);
        // The scan at day 42 (after cycle 2) pins the tumour's response: the error of the day-63 scan prediction must drop clearly.
        Assert.IsLessThan(0.6 * rows[0].MeanAbsoluteError, rows[2].MeanAbsoluteError, table);
        Assert.IsLessThan(0.6 * rows[1].MeanAbsoluteError, rows[2].MeanAbsoluteError, "the scan, not the blood counts, carries the tumour information: " + table);
    }
}
