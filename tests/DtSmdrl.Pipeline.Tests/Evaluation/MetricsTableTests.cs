using DtSmdrl.Pipeline.Evaluation;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class MetricsTableTests
{
    // Copied from metrics.md, "Machine-readable output"; tools read this header, so it must not drift.
    private const string ExpectedHeader =
        "method,decision_accuracy,decision_accuracy_lo,decision_accuracy_hi,precision,precision_lo,precision_hi," +
        "recall,recall_lo,recall_hi,response_rate,response_rate_lo,response_rate_hi," +
        "tumour_reduction_pct,tumour_reduction_pct_lo,tumour_reduction_pct_hi," +
        "pfs_median_days,pfs_median_days_lo,pfs_median_days_hi,pfs_rmst_days,pfs_rmst_days_lo,pfs_rmst_days_hi," +
        "violation_rate,violation_rate_lo,violation_rate_hi,safety_compliance,safety_compliance_lo,safety_compliance_hi," +
        "cvar90_cost,cvar90_cost_lo,cvar90_cost_hi,gain_captured,gain_captured_lo,gain_captured_hi," +
        "mean_regret_days,mean_regret_days_lo,mean_regret_days_hi,qtwist_days,qtwist_days_lo,qtwist_days_hi," +
        "ece,ece_lo,ece_hi,n_patients,n_replicates,n_seeds";

    private static readonly MetricsTableOptions Fast = new() { Resamples = 200, Seed = 7 };

    private static PatientOutcome[] Cohort(int count, int seed, bool stateProbabilities = true)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var responds = random.NextDouble() < 0.4;
            var oracle = 50 + 50 * random.NextDouble();
            var progressed = random.NextDouble() < 0.6;
            return Make(
                $"p{i:000}",
                responds ? RecistResponse.PR : RecistResponse.SD,
                probability: stateProbabilities ? Math.Clamp((responds ? 0.6 : 0.3) + 0.2 * (random.NextDouble() - 0.5), 0, 1) : double.NaN,
                baseline: 80,
                nadir: responds ? 40 : 70 + 20 * random.NextDouble(),
                pfsDays: progressed ? 42 * (1 + random.Next(8)) : 364,
                pfsEvent: progressed,
                toxicity: random.NextDouble() < 0.15,
                cost: 3 * random.NextDouble(),
                value: oracle * (0.8 + 0.25 * random.NextDouble()),
                perfect: oracle,
                hold: 0.5 * oracle);
        }).ToArray();
    }

    [TestMethod]
    public void CsvHeaderMatchesMetricsMdExactly()
    {
        Assert.AreEqual(ExpectedHeader, string.Join(",", MetricsTable.CsvColumns));
        var writer = new StringWriter();
        MetricsCsv.Write(writer, []);
        Assert.AreEqual(ExpectedHeader + "\n", writer.ToString());
    }

    [TestMethod]
    public void RowHoldsTheDirectEstimatesWithIntervalsAroundThem()
    {
        var cohort = Cohort(40, seed: 1);
        var row = MetricsTable.Compute("DT-SMDRL", cohort, Fast);
        Assert.AreEqual(40, row.PatientCount);
        Assert.AreEqual(1, row.SeedCount);
        Assert.AreEqual(DecisionMetrics.DecisionAccuracy(cohort), row["decision_accuracy"].Estimate);
        Assert.AreEqual(ClinicalMetrics.ResponseRate(cohort), row["response_rate"].Estimate);
        Assert.AreEqual(ProgressionFreeSurvival.RestrictedMeanDays(cohort), row["pfs_rmst_days"].Estimate);
        Assert.AreEqual(Calibration.ExpectedCalibrationError(cohort), row["ece"].Estimate);
        Assert.AreEqual(DecisionMetrics.GainCaptured(cohort), row["gain_captured"].Estimate);
        Assert.AreEqual(DecisionMetrics.MeanRegretDays(cohort), row["mean_regret_days"].Estimate);
        Assert.AreEqual(cohort.Average(o => o.Value), row["qtwist_days"].Estimate, 1e-9);
        foreach (var value in row.Values)
        {
            var interval = value.Interval;
            if (!double.IsFinite(interval.Estimate)) continue;
            Assert.IsTrue(interval.Lower <= interval.Estimate + 1e-9 && interval.Estimate <= interval.Upper + 1e-9,
                $"{value.Definition.Column}: {interval}");
        }
    }

    [TestMethod]
    public void CsvRowIsInvariantFractionsWithEmptyFieldsForUndefinedMetrics()
    {
        var cohort = Cohort(30, seed: 2, stateProbabilities: false);
        var row = MetricsTable.Compute("Clinical Baseline, v1", cohort, Fast);
        var writer = new StringWriter();
        MetricsCsv.Write(writer, [row]);
        var lines = writer.ToString().Split('\n');
        Assert.AreEqual(ExpectedHeader, lines[0]);
        Assert.StartsWith("\"Clinical Baseline, v1\",", lines[1]);

        var fields = lines[1]["\"Clinical Baseline, v1\",".Length..].Split(',');
        Assert.HasCount(MetricsTable.CsvColumns.Count - 1, fields);
        string Field(string column) => fields[MetricsTable.CsvColumns.ToList().IndexOf(column) - 1];
        Assert.AreEqual("", Field("precision"));
        Assert.AreEqual("", Field("recall_hi"));
        Assert.AreEqual("", Field("ece"));
        var violation = double.Parse(Field("violation_rate"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(ClinicalMetrics.ViolationRate(cohort), violation, 1e-15);
        Assert.IsTrue(violation is >= 0 and <= 1);
        Assert.AreEqual("30", Field("n_patients"));
        Assert.AreEqual("1", Field("n_replicates"));
        Assert.AreEqual("1", Field("n_seeds"));
    }

    [TestMethod]
    public void SeveralSeedsCountPatientsOnceAndSeedsSeparately()
    {
        var seedA = Cohort(20, seed: 3);
        var seedB = Cohort(20, seed: 4);
        var row = MetricsTable.Compute("DRL", [seedA, seedB], Fast);
        Assert.AreEqual(20, row.PatientCount);
        Assert.AreEqual(2, row.SeedCount);
        var expected = (ClinicalMetrics.ResponseRate(seedA) + ClinicalMetrics.ResponseRate(seedB)) / 2;
        Assert.AreEqual(expected, row["response_rate"].Estimate, 1e-12);
    }

    [TestMethod]
    public void ReplicatesAreCountedAndResampledWithTheirPatient()
    {
        // Three replicates per patient: the same patient list, the replicate index set.
        var replicates = Enumerable.Range(0, 3).SelectMany(r => Cohort(20, seed: 10 + r).Select(o => o with { Replicate = r })).ToArray();
        var row = MetricsTable.Compute("DRL", replicates, Fast);
        Assert.AreEqual(20, row.PatientCount);
        Assert.AreEqual(3, row.ReplicateCount);
        Assert.AreEqual(1, row.SeedCount);
        Assert.AreEqual(ClinicalMetrics.ResponseRate(replicates), row["response_rate"].Estimate, 1e-12);

        // A patient with fewer replicates than the others, or a replicate listed twice, is refused.
        Assert.ThrowsExactly<ArgumentException>(() => MetricsTable.Compute("DRL", replicates.Skip(1).ToArray(), Fast));
        var twice = replicates.Append(replicates[0]).ToArray();
        var error = Assert.ThrowsExactly<ArgumentException>(() => MetricsTable.Compute("DRL", twice, Fast));
        StringAssert.Contains(error.Message, replicates[0].PatientId);
    }

    [TestMethod]
    public void PatientSumsGiveTheSameIntervalsAsEvaluatingEveryRecord()
    {
        // Two seeds, three replicates each: the fast path of the per-patient metrics must be the metric itself. V* and
        // V_hold belong to the patient (the same on all its records), as the study writes them.
        static double Number(string id) => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture);
        IReadOnlyList<PatientOutcome> Seed(int seed) =>
            Enumerable.Range(0, 3).SelectMany(r => Cohort(25, seed: 100 * seed + r).Select(o => o with
            {
                Replicate = r,
                PerfectValue = 60 + Number(o.PatientId),
                HoldValue = 40 + 0.5 * Number(o.PatientId),
            })).ToArray();
        IReadOnlyList<IReadOnlyList<PatientOutcome>> a = [Seed(1), Seed(2)];
        IReadOnlyList<IReadOnlyList<PatientOutcome>> b = [Seed(3)];
        var perPatient = MetricsTable.Definitions(Fast).Where(d => d.DefinedPerPatient).ToList();
        Assert.HasCount(8, perPatient);
        foreach (var definition in perPatient)
        {
            var fast = Bootstrap.Interval(a, definition, Fast.Resamples, Fast.Seed);
            var slow = Bootstrap.Interval(a, definition.ComputeForBootstrap, Fast.Resamples, Fast.Seed);
            Assert.AreEqual(slow.Estimate, fast.Estimate, definition.Column);
            Assert.AreEqual(slow.Lower, fast.Lower, 1e-9, definition.Column);
            Assert.AreEqual(slow.Upper, fast.Upper, 1e-9, definition.Column);
            Assert.AreEqual(slow.ValidResamples, fast.ValidResamples, definition.Column);

            var pairedFast = PairedComparison.Compare(a, b, definition, Fast.Resamples, Fast.Seed);
            var pairedSlow = PairedComparison.Compare(a, b, definition.ComputeForBootstrap, Fast.Resamples, Fast.Seed);
            Assert.AreEqual(pairedSlow.Difference.Estimate, pairedFast.Difference.Estimate, definition.Column);
            Assert.AreEqual(pairedSlow.Difference.Lower, pairedFast.Difference.Lower, 1e-9, definition.Column);
            Assert.AreEqual(pairedSlow.Difference.Upper, pairedFast.Difference.Upper, 1e-9, definition.Column);
        }
    }

    [TestMethod]
    public void MedianNotReachedIsEmptyInCsvAndNaInMarkdown()
    {
        var cohort = Enumerable.Range(0, 10).Select(i => Make($"p{i}", pfsDays: 364, pfsEvent: false)).ToArray();
        var row = MetricsTable.Compute("Supervised Model", cohort, Fast);
        Assert.IsTrue(double.IsNaN(row["pfs_median_days"].Estimate));
        var markdown = new StringWriter();
        MetricsMarkdown.Write(markdown, [row]);
        var lines = markdown.ToString().Split('\n');
        Assert.StartsWith("| Method | Decision accuracy |", lines[0]);
        var cells = lines[2].Split(" | ");
        Assert.AreEqual("n/a", cells[MetricsTable.MetricColumns.ToList().IndexOf("pfs_median_days") + 1]);
        Assert.AreEqual("364.0 d [364.0, 364.0]", cells[MetricsTable.MetricColumns.ToList().IndexOf("pfs_rmst_days") + 1]);
    }

    [TestMethod]
    public void MarkdownCellsArePercentagesDaysAndScores()
    {
        Assert.AreEqual("72.0% [65.1, 78.3]", MetricsMarkdown.Cell(MetricKind.Fraction, new BootstrapInterval(0.72, 0.651, 0.783, 1000, 1000)));
        Assert.AreEqual("-12.5% [-20.0, -3.1]", MetricsMarkdown.Cell(MetricKind.Percent, new BootstrapInterval(-12.5, -20, -3.125, 1000, 1000)));
        Assert.AreEqual("301.5 d [280.0, n/a]", MetricsMarkdown.Cell(MetricKind.Days, new BootstrapInterval(301.5, 280, double.PositiveInfinity, 1000, 1000)));
        Assert.AreEqual("0.042 [0.021, 0.070]", MetricsMarkdown.Cell(MetricKind.Score, new BootstrapInterval(0.042, 0.021, 0.07, 1000, 1000)));
        Assert.AreEqual("n/a", MetricsMarkdown.Cell(MetricKind.Fraction, new BootstrapInterval(double.NaN, double.NaN, double.NaN, 1000, 0)));
    }
}
