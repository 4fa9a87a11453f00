using System.Globalization;
using System.Text;
using System.Xml;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Report;

namespace DtSmdrl.Pipeline.Tests.Report;

[TestClass]
public sealed class StudyReportTests
{
    private static readonly ReportMetric Violation = ReportMetric.All.Single(m => m.Column == "violation_rate");
    private static readonly ReportMetric Accuracy = ReportMetric.All.Single(m => m.Column == "decision_accuracy");

    private static ArmMetrics Arm(string method, double estimate, double lower, double upper, string column = "violation_rate") =>
        new(method, new Dictionary<string, MetricEstimate> { [column] = new(estimate, lower, upper) }, 100, 3);

    [TestMethod]
    public void RobustnessTablePutsEachConditionUnderItsCleanArmAndComparesThem()
    {
        var clean = new[] { Arm("DRL", 0.10, 0.07, 0.13), Arm("DT-SMDRL", 0.04, 0.02, 0.06) };
        var degraded = new[]
        {
            Arm("DT-SMDRL (30% modalities missing)", 0.09, 0.07, 0.12),
            Arm("DT-SMDRL (noise x2)", 0.05, 0.03, 0.07),
        };
        var blocks = StudyReport.RobustnessBlocks(clean, degraded);
        var table = blocks.OfType<TableBlock>().Single();
        CollectionAssert.AreEqual(new[] { "DT-SMDRL", "DT-SMDRL (30% modalities missing)", "DT-SMDRL (noise x2)" }, table.Rows.Select(r => r[0]).ToArray());
        var bullets = blocks.OfType<BulletsBlock>().Single().Items;
        CollectionAssert.Contains(bullets.ToList(),
            "DT-SMDRL (30% modalities missing), violation rate: 9.0% [7.0, 12.0], worse than clean inputs (4.0% [2.0, 6.0]); the intervals do not overlap.");
    }

    [TestMethod]
    public void LowerIsBetterMetricNamesLowestAsBestAndReportsNoOverlap()
    {
        var arms = new[]
        {
            Arm("Clinical Baseline", 0.315, 0.242, 0.389),
            Arm("DT-SMDRL", 0.038, 0.020, 0.060),
            Arm("DRL", 0.10, 0.07, 0.13),
        };
        var sentence = ResultsNarrative.MetricSentence(Violation, arms);
        Assert.AreEqual(
            "Violation rate: DT-SMDRL has the lowest value (3.8% [2.0, 6.0]); its interval does not overlap that of the next arm, DRL (10.0% [7.0, 13.0])."
            + " Clinical Baseline has the highest (31.5% [24.2, 38.9]); its interval does not overlap DT-SMDRL's.",
            sentence);
    }

    [TestMethod]
    public void HigherIsBetterMetricReportsOverlapWhenIntervalsShareAPoint()
    {
        var arms = new[]
        {
            Arm("A", 0.50, 0.40, 0.60, "decision_accuracy"),
            Arm("B", 0.55, 0.45, 0.65, "decision_accuracy"),
        };
        var sentence = ResultsNarrative.MetricSentence(Accuracy, arms);
        StringAssert.StartsWith(sentence, "Decision accuracy: B has the highest value (55.0% [45.0, 65.0]); its interval overlaps that of the next arm, A");
    }

    [TestMethod]
    public void AblationSentenceSaysWorseWhenRemovingTheShieldRaisesViolations()
    {
        var full = Arm("DT-SMDRL", 0.04, 0.02, 0.06);
        var ablation = Arm("DT-SMDRL w/o shield", 0.20, 0.15, 0.25);
        var sentence = ResultsNarrative.AblationSentence(Violation, full, ablation);
        StringAssert.Contains(sentence, "worse than the full DT-SMDRL");
        StringAssert.Contains(sentence, "the intervals do not overlap");
    }

    [TestMethod]
    public void KaplanMeierStepsDropAtEventTimesOnly()
    {
        var rows = new[]
        {
            new PerPatientRow("A", 0, "p1", 0.5, true, 10, true),
            new PerPatientRow("A", 0, "p2", 0.5, false, 20, false),
            new PerPatientRow("A", 0, "p3", 0.5, false, 30, true),
            new PerPatientRow("A", 0, "p4", 0.5, false, 40, false),
        };
        var (times, survival) = ReportFigures.StepCurve(rows);
        CollectionAssert.AreEqual(new double[] { 0, 10, 30, 40 }, times);
        Assert.AreEqual(0.75, survival[1], 1e-12);
        Assert.AreEqual(0.75 * 0.5, survival[2], 1e-12);
    }

    [TestMethod]
    public void WritesReportWithEveryMethodFiguresAndNoExternalReferences()
    {
        var folder = Fixture();
        try
        {
            var (md, html) = StudyReport.Write(folder);
            var markdown = File.ReadAllText(md);
            foreach (var method in new[] { "Clinical Baseline", "DT-SMDRL", "DT-SMDRL w/o shield" })
                StringAssert.Contains(markdown, "| " + method + " | ");
            StringAssert.Contains(markdown, "## Ablations");
            StringAssert.Contains(markdown, "## Adaptation on new patients");
            StringAssert.Contains(markdown, "| cohort_sha256 | abc123 |");

            var figures = Directory.GetFiles(Path.Combine(folder, "figures"));
            foreach (var stem in new[] { "fig3_model_comparison", "fig4_reliability", "fig_km_pfs", "fig_toxicity_cycles", "fig5_adaptation", "fig_importance" })
            {
                var png = File.ReadAllBytes(Path.Combine(folder, "figures", stem + ".png"));
                Assert.IsGreaterThan(1000, png.Length, stem);
                CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8], stem);
                var svg = new XmlDocument { XmlResolver = null };
                svg.Load(Path.Combine(folder, "figures", stem + ".svg"));
                Assert.AreEqual("svg", svg.DocumentElement!.LocalName, stem);
            }

            var page = File.ReadAllText(html);
            StringAssert.DoesNotMatch(page, new System.Text.RegularExpressions.Regex("(src|href)\\s*=\\s*\"(https?:)?//", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
            Assert.IsFalse(page.Contains("http://", StringComparison.OrdinalIgnoreCase) || page.Contains("https://", StringComparison.OrdinalIgnoreCase));
            Assert.AreEqual(6, System.Text.RegularExpressions.Regex.Matches(page, "data:image/png;base64,").Count);

            var first = File.ReadAllBytes(md);
            StudyReport.Write(folder);
            CollectionAssert.AreEqual(first, File.ReadAllBytes(md), "report.md must be byte-identical for the same inputs");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void MissingMetricsCsvGivesAClearError()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-report-empty").FullName;
        try
        {
            var e = Assert.ThrowsExactly<FileNotFoundException>(() => StudyReport.Write(folder));
            StringAssert.Contains(e.Message, "metrics.csv");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A tiny hand-made study folder: three arms in metrics.csv, per-patient rows, adaptation, importance, manifest.</summary>
    private static string Fixture()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-report").FullName;
        var c = CultureInfo.InvariantCulture;
        var metrics = new StringBuilder(string.Join(",", MetricsTable.CsvColumns)).Append('\n');
        var arms = new[] { ("Clinical Baseline", 0.3), ("DT-SMDRL", 0.6), ("DT-SMDRL w/o shield", 0.5) };
        foreach (var (method, level) in arms)
        {
            metrics.Append(method);
            foreach (var column in MetricsTable.MetricColumns)
            {
                var scale = column.Contains("days") ? 300 : column == "tumour_reduction_pct" ? 100 : 1;
                metrics.Append(c, $",{level * scale},{(level - 0.1) * scale},{(level + 0.1) * scale}");
            }
            metrics.Append(",40,4,3\n");
        }
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), metrics.ToString());

        var perPatient = new StringBuilder("method,seed_index,patient_id,plan,value,oracle_value,stated_response_probability,best_response,pfs_days,pfs_event,severe_toxicity,episode_cost\n");
        foreach (var (method, _) in arms)
            for (var i = 0; i < 40; i++)
                perPatient.Append(c, $"{method},0,P{i:000},\"plan a, b\",1,2,{(i % 10) / 10.0},{(i % 3 == 0 ? "PR" : "SD")},{30 + 7 * i},{(i % 4 == 0 ? 0 : 1)},0,0.5\n");
        File.WriteAllText(Path.Combine(folder, "per_patient.csv"), perPatient.ToString());

        var perCycle = new StringBuilder("method,seed_index,patient_id,cycle,action,cost\n");
        foreach (var (method, level) in arms)
            for (var i = 0; i < 10; i++)
                for (var k = 0; k < 6; k++)
                    perCycle.Append(c, $"{method},0,P{i:000},{k},1,{level * k + 0.01 * i}\n");
        File.WriteAllText(Path.Combine(folder, "per_cycle.csv"), perCycle.ToString());

        var adaptation = new StringBuilder("initialisation,patient_id,update,value,oracle_value,episodes_in_update,updates_to_reach\n");
        foreach (var init in new[] { "Meta", "Population", "Random" })
            for (var p = 0; p < 3; p++)
                for (var k = 0; k <= 4; k++)
                    adaptation.Append(c, $"{init},P{p},{k},{0.2 * k + p * 0.1},2,4,{(init == "Random" ? "" : "3")}\n");
        File.WriteAllText(Path.Combine(folder, "adaptation.csv"), adaptation.ToString());

        var importance = new StringBuilder("method,regimen,feature,importance\n");
        foreach (var regimen in new[] { "chemo", "targeted" })
            for (var f = 0; f < 12; f++)
                importance.Append(c, $"DT-SMDRL,{regimen},feature_{f},{(f + 1) * (regimen == "chemo" ? 0.1 : 0.05)}\n");
        File.WriteAllText(Path.Combine(folder, "importance.csv"), importance.ToString());

        File.WriteAllText(Path.Combine(folder, "manifest.json"), "{\"cohort_sha256\": \"abc123\", \"seeds\": [1, 2, 3]}");
        return folder;
    }
}
