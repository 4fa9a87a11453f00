using System.Text.RegularExpressions;
using System.Xml;
using DtSmdrl.Pipeline.Report;

namespace DtSmdrl.Pipeline.Tests.Report;

[TestClass]
public sealed class StudyReportTests
{
    private static ArmMetrics Arm(string method, double estimate, double lower, double upper, string column = "violation_rate") =>
        new(method, new Dictionary<string, MetricEstimate> { [column] = new(estimate, lower, upper) }, 100, 4, 3);

    [TestMethod]
    public void WritesEverySectionInVersionTwoVocabularyAndNothingElse()
    {
        var folder = ReportFixture.Write();
        try
        {
            var (md, _) = StudyReport.Write(folder);
            var markdown = File.ReadAllText(md);
            foreach (var heading in new[] { "## Table 1.", "## Distance from the perfect-information planner", "## Paired differences", "### DT-SMDRL against each row",
                "### Supervised Model against each row", "## Extended clinical table", "## Q-TWiST sensitivity to the utilities", "## What each arm is given",
                "## Ablations", "## Adaptation speed in observed scans", "## Figures", "## Manifest" })
                StringAssert.Contains(markdown, heading);
            StringAssert.Contains(markdown, "| cohort_sha256 | abc123 |");
            // Version 1's vocabulary is gone: no J/J*, no normalised value, no interval-overlap wording.
            foreach (var banned in new[] { "J*", "J/J", "ormalised", "overlap", "normalised_value" })
                Assert.IsFalse(markdown.Contains(banned, StringComparison.Ordinal), $"report.md still says '{banned}'");
            // V* is the perfect-information value, not an "oracle" (the manifest's raw field names aside).
            var beforeManifest = markdown[..markdown.IndexOf("## Manifest", StringComparison.Ordinal)];
            Assert.IsFalse(Regex.IsMatch(beforeManifest, "oracle(?! replicates)", RegexOptions.IgnoreCase), "report.md calls V* an oracle");
            // V* is printed as text, not read as Markdown emphasis.
            StringAssert.Contains(markdown, "its value is V\\*");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void TableOneListsReferenceRowsFirstMarkedThenArmsAndKeepsAblationsApart()
    {
        var folder = ReportFixture.Write();
        try
        {
            var arms = ArmMetrics.ReadCsv(Path.Combine(folder, "metrics.csv"));
            var blocks = StudyReport.Blocks(folder, arms, [], [], []);
            var table1 = (TableBlock)blocks.SkipWhile(b => b is not HeadingBlock { Text: var t } || !t.StartsWith("Table 1", StringComparison.Ordinal)).OfType<TableBlock>().First();
            CollectionAssert.AreEqual(new[] { "Row", "Method", "Decision accuracy", "Precision", "Recall", "Gain captured", "Mean regret", "Q-TWiST", "Patients", "Replicates", "Seeds" },
                table1.Header.ToArray());
            CollectionAssert.AreEqual(new[] { "No treatment", "Perfect-information planner", "Twin-MPC", "Clinical Baseline", "Supervised Model", "DRL", "Digital Twin + DRL", "DT-SMDRL" },
                table1.Rows.Select(r => r[1]).ToArray());
            CollectionAssert.AreEqual(new[] { "Reference", "Reference", "Reference", "Arm", "Arm", "Arm", "Arm", "Arm" }, table1.Rows.Select(r => r[0]).ToArray());
            var dt = table1.Rows.Single(r => r[1] == "DT-SMDRL");
            Assert.AreEqual("60.0% [57.0, 63.0]", dt[2]);
            Assert.AreEqual("62.5% [58.8, 66.2]", dt[5]);
            Assert.AreEqual("30.0 d [27.0, 33.0]", dt[6]);
            Assert.AreEqual("150.0 d [142.5, 157.5]", dt[7]);
            CollectionAssert.AreEqual(new[] { "40", "4", "3" }, dt.Skip(8).ToArray());
            Assert.IsFalse(table1.Rows.Any(r => r[1].StartsWith("DT-SMDRL ", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void AbsentRowsAreSimplyLeftOut()
    {
        var arms = new[] { Arm("DT-SMDRL", 0.1, 0.05, 0.15), Arm("Some future arm", 0.2, 0.1, 0.3), Arm("No treatment", 0.3, 0.2, 0.4) };
        CollectionAssert.AreEqual(new[] { "No treatment", "DT-SMDRL", "Some future arm" }, StudyRows.Order(arms, a => a.Method).Select(a => a.Method).ToArray());
    }

    [TestMethod]
    public void DistanceTableSaysHowFarEachRowIsFromPerfectInformation()
    {
        var folder = ReportFixture.Write();
        try
        {
            var arms = StudyRows.Order(ArmMetrics.ReadCsv(Path.Combine(folder, "metrics.csv")).Where(a => !StudyRows.IsAblation(a.Method)), a => a.Method);
            var blocks = StudyReport.DistanceBlocks(arms);
            StringAssert.Contains(((ParagraphBlock)blocks[1]).Text, "100% and its regret 0 by construction");
            StringAssert.Contains(((ParagraphBlock)blocks[1]).Text, "V* can be exceeded");
            var table = blocks.OfType<TableBlock>().Single();
            // Twin-MPC at level 0.8: gain captured 87.5% [83.75, 91.25], so 12.5 points short [8.75, 16.25] (the interval mirrored).
            CollectionAssert.AreEqual(new[] { "Reference", "Twin-MPC", "87.5% [83.8, 91.2]", "12.5 [8.8, 16.2]", "10.0 d [7.0, 13.0]", "80.0% [77.0, 83.0]" },
                table.Rows.Single(r => r[1] == "Twin-MPC").ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void PairedSentenceSaysBeatsOnlyWhenThePairedIntervalExcludesZero()
    {
        var gain = ReportMetric.Of("gain_captured");
        var paired = new[]
        {
            // paired.csv holds method minus comparator: these are each arm minus DT-SMDRL.
            new PairedDifference("Clinical Baseline", "DT-SMDRL", "gain_captured", -0.20, -0.28, -0.12, 40),
            new PairedDifference("Twin-MPC", "DT-SMDRL", "gain_captured", 0.10, 0.02, 0.18, 40),
            new PairedDifference("DRL", "DT-SMDRL", "gain_captured", -0.03, -0.09, 0.0, 40),
        };
        var sentence = ResultsNarrative.PairedSentence(gain, "DT-SMDRL", ["Twin-MPC", "Clinical Baseline", "DRL", "DT-SMDRL", "Not in paired.csv"], paired);
        Assert.AreEqual("Gain captured (higher is better), DT-SMDRL minus each row, paired: DT-SMDRL beats Clinical Baseline (+20.0 pts [12.0, 28.0]); "
            + "Twin-MPC (-10.0 pts [-18.0, -2.0]) beats DT-SMDRL; no difference shown against DRL (+3.0 pts [0.0, 9.0]).", sentence);
    }

    [TestMethod]
    public void LowerIsBetterMetricsBeatOnTheNegativeSide()
    {
        var violation = ReportMetric.Of("violation_rate");
        // Each arm's own interval overlaps DT-SMDRL's, but the paired interval excludes 0: version 2 says beats.
        var arms = new[] { Arm("DT-SMDRL", 0.10, 0.05, 0.15), Arm("DRL", 0.13, 0.08, 0.18) };
        var paired = new[] { new PairedDifference("DRL", "DT-SMDRL", "violation_rate", 0.03, 0.01, 0.05, 100) };
        Assert.AreEqual("Violation rate (lower is better), DT-SMDRL minus each row, paired: DT-SMDRL beats DRL (-3.0 pts [-5.0, -1.0]).",
            ResultsNarrative.PairedSentence(violation, "DT-SMDRL", arms.Select(a => a.Method).ToList(), paired));
        Assert.AreEqual(ResultsNarrative.Verdict.OtherBetter, ResultsNarrative.Judge(violation, paired[0]));
        Assert.IsNull(ResultsNarrative.PairedSentence(violation, "DT-SMDRL", ["Clinical Baseline"], paired));
    }

    [TestMethod]
    public void ReversedDifferenceMirrorsTheInterval()
    {
        var row = new PairedDifference("DRL", "DT-SMDRL", "qtwist_days", -4, -7, -1, 40);
        var reversed = PairedDifference.Find([row], "DT-SMDRL", "DRL", "qtwist_days")!;
        Assert.AreEqual(("DT-SMDRL", "DRL", 4.0, 1.0, 7.0), (reversed.Method, reversed.Comparator, reversed.Difference, reversed.Lower, reversed.Upper));
        Assert.AreSame(row, PairedDifference.Find([row], "DRL", "DT-SMDRL", "qtwist_days"));
        Assert.IsNull(PairedDifference.Find([row], "DRL", "DT-SMDRL", "ece"));
        Assert.IsFalse(new PairedDifference("A", "B", "ece", double.NaN, double.NaN, double.NaN, 0).ExcludesZero);
    }

    [TestMethod]
    public void DifferencesPrintInPointsAndDays()
    {
        Assert.AreEqual("+5.2 pts [1.0, 9.3]", ReportMetric.Of("decision_accuracy").PrintDifferenceWithInterval(0.052, 0.010, 0.093));
        Assert.AreEqual("-3.5 d [-6.0, -1.0]", ReportMetric.Of("qtwist_days").PrintDifferenceWithInterval(-3.5, -6, -1));
        Assert.AreEqual("+0.012 [-0.001, 0.030]", ReportMetric.Of("ece").PrintDifferenceWithInterval(0.012, -0.001, 0.03));
        Assert.AreEqual("n/a", ReportMetric.Of("ece").PrintDifference(double.NaN));
    }

    [TestMethod]
    public void SensitivityTableHasOneRowPerMethodAndToxicityUtilityAndOneColumnPerRelapseUtility()
    {
        var folder = ReportFixture.Write();
        try
        {
            var blocks = StudyReport.SensitivityBlocks(QtwistSensitivityRow.ReadCsv(Path.Combine(folder, "qtwist_sensitivity.csv")));
            var tables = blocks.OfType<TableBlock>().ToList();
            Assert.HasCount(2, tables);
            CollectionAssert.AreEqual(new[] { "Row", "Method", "u_TOX", "u_REL = 0.25", "u_REL = 0.5", "u_REL = 0.75" }, tables[0].Header.ToArray());
            Assert.HasCount(ReportFixture.Rows.Length * 3, tables[0].Rows);
            CollectionAssert.AreEqual(new[] { "Reference", "No treatment", "0.25" }, tables[0].Rows[0].Take(3).ToArray());
            // DT-SMDRL at u_TOX 0.75, u_REL 0.25: 250 * 0.6 * (0.5 + 0.375 + 0.0625) = 140.625 days.
            var dt = tables[0].Rows.Single(r => r[1] == "DT-SMDRL" && r[2] == "0.75");
            Assert.AreEqual("140.6 d [135.6, 145.6]", dt[3]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void AdaptationSectionTabulatesGainPerArmAndScanAndStatesEachArmsSpeed()
    {
        var folder = ReportFixture.Write();
        try
        {
            var manifest = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
                "{\"adaptation\": {\"fraction\": 0.9}, \"wall_seconds\": {\"adaptation\": 81.5}}")!;
            var blocks = StudyReport.AdaptationBlocks(StudyCsv.Read(Path.Combine(folder, "adaptation.csv")), manifest);
            var table = blocks.OfType<TableBlock>().Single();
            Assert.HasCount(12, table.Rows);
            CollectionAssert.AreEqual(new[] { "DT-SMDRL", "1", "2", "81.0% [76.0%, 86.0%]", "180.0", "200.0", "130.0", "3", "12" }, table.Rows[1].ToArray());
            // DT-SMDRL: 75 + 6 k % reaches 90% at k = 3; without meta-learning 75 + 2 k never; Twin-MPC 75 + 8 k at k = 2.
            CollectionAssert.AreEqual(new[]
            {
                "DT-SMDRL: 3 scans to reach 90%.", "DT-SMDRL w/o meta-learning: not reached (90%) within 3 scans.", "Twin-MPC: 2 scans to reach 90%.",
            }, blocks.OfType<BulletsBlock>().Single().Items.ToArray());
            StringAssert.Contains(blocks.OfType<ParagraphBlock>().Single().Text, "took 81.5 s");
            StringAssert.Contains(blocks.OfType<ParagraphBlock>().Single().Text, "no in-course twin updates");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void WhatEachArmIsGivenReadsTheManifestAndMarksRowsNotRun()
    {
        var arms = new[] { Arm("DT-SMDRL", 0.1, 0.05, 0.15), Arm("Twin-MPC", 0.1, 0.05, 0.15) };
        var manifest = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            "{\"dt_smdrl\": {\"adaptation_updates\": 4, \"shield_threshold\": 0.2}, \"wall_seconds\": {\"oracle\": 12.5, \"methods\": {\"Twin-MPC\": 33.25}}}")!;
        var blocks = StudyReport.ArmInformationBlocks(arms, manifest);
        var table = blocks.OfType<TableBlock>().Single();
        var dt = table.Rows.Single(r => r[1] == "DT-SMDRL");
        StringAssert.EndsWith(dt[2], "In this run: 4 adaptation updates per patient, shield threshold 0.2.");
        Assert.AreEqual("yes, 3 seeds", dt[3]);
        // 33.25 s over 100 patients x 4 replicates.
        Assert.AreEqual("33.25 (0.083 s per patient episode)", table.Rows.Single(r => r[1] == "Twin-MPC")[4]);
        Assert.AreEqual("n/a", dt[4], "no wall seconds for DT-SMDRL in this manifest");
        Assert.AreEqual("not run", table.Rows.Single(r => r[1] == "Clinical Baseline")[3]);
        StringAssert.Contains(table.Rows.Single(r => r[1] == "Perfect-information planner")[2], "not the dice");
        StringAssert.Contains(blocks.OfType<ParagraphBlock>().Last().Text, "population prior is the cohort generator's own");
    }

    [TestMethod]
    public void RobustnessTablePutsEachConditionUnderItsCleanArmAndClaimsNoDifference()
    {
        var clean = new[] { Arm("DRL", 0.10, 0.07, 0.13), Arm("DT-SMDRL", 0.04, 0.02, 0.06) };
        var degraded = new[]
        {
            Arm("DT-SMDRL (30% modalities missing)", 0.09, 0.07, 0.12),
            Arm("DT-SMDRL (noise x2)", 0.05, 0.03, 0.07),
        };
        var blocks = StudyReport.RobustnessBlocks(clean, degraded);
        var table = blocks.OfType<TableBlock>().Single();
        Assert.AreEqual("Method", table.Header[0]);
        CollectionAssert.AreEqual(new[] { "DT-SMDRL", "DT-SMDRL (30% modalities missing)", "DT-SMDRL (noise x2)" }, table.Rows.Select(r => r[0]).ToArray());
        CollectionAssert.Contains(blocks.OfType<BulletsBlock>().Single().Items.ToList(),
            "DT-SMDRL (30% modalities missing), violation rate: 9.0% [7.0, 12.0] against 4.0% [2.0, 6.0] on clean inputs, a change of +5.0 pts (not paired: no difference is claimed).");
    }

    [TestMethod]
    public void AblationSentencesComeFromPairedDifferences()
    {
        var folder = ReportFixture.Write();
        try
        {
            var arms = ArmMetrics.ReadCsv(Path.Combine(folder, "metrics.csv"));
            var paired = PairedDifference.ReadCsv(Path.Combine(folder, "paired.csv"));
            var blocks = StudyReport.AblationBlocks(arms, arms.Where(a => StudyRows.IsAblation(a.Method)).ToList(), paired);
            CollectionAssert.AreEqual(new[] { "DT-SMDRL", "DT-SMDRL without shield" }, blocks.OfType<TableBlock>().Single().Rows.Select(r => r[1]).ToArray());
            var bullets = blocks.OfType<BulletsBlock>().Single().Items;
            // Level 0.6 against 0.5, paired half-width 0.02 of a level: violation rate 20% vs 25%, DT-SMDRL lower by 5 points [-6, -4].
            CollectionAssert.Contains(bullets.ToList(), "Violation rate (lower is better), DT-SMDRL minus each row, paired: DT-SMDRL beats DT-SMDRL without shield (-5.0 pts [-6.0, -4.0]).");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void WithoutPairedCsvNoRowIsSaidToBeatAnother()
    {
        var folder = ReportFixture.Write(paired: false, extras: false);
        try
        {
            var markdown = File.ReadAllText(StudyReport.Write(folder).Markdown);
            StringAssert.Contains(markdown, "No paired.csv in this study folder, so no row is said to beat another.");
            Assert.IsFalse(markdown.Contains(", paired: ", StringComparison.Ordinal));
            Assert.IsFalse(File.Exists(Path.Combine(folder, "figures", "fig_paired_dt_smdrl.svg")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
    public void WritesFiguresAndAnOfflineByteStableReport()
    {
        var folder = ReportFixture.Write();
        try
        {
            var (md, html) = StudyReport.Write(folder);
            foreach (var stem in new[] { "fig3_model_comparison", "fig4_reliability", "fig_km_pfs", "fig_toxicity_cycles", "fig5_adaptation", "fig_importance" })
            {
                var png = File.ReadAllBytes(Path.Combine(folder, "figures", stem + ".png"));
                Assert.IsGreaterThan(1000, png.Length, stem);
                CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8], stem);
                var svg = new XmlDocument { XmlResolver = null };
                svg.Load(Path.Combine(folder, "figures", stem + ".svg"));
                Assert.AreEqual("svg", svg.DocumentElement!.LocalName, stem);
            }
            var markdown = File.ReadAllText(md);
            StringAssert.Contains(markdown, "![fig_paired_dt_smdrl](figures/fig_paired_dt_smdrl.svg)");
            StringAssert.Contains(markdown, "![fig_paired_supervised_model](figures/fig_paired_supervised_model.svg)");

            var page = File.ReadAllText(html);
            StringAssert.Contains(page, "<td class=\"t\">DT-SMDRL</td><td>60.0%<br>[57.0, 63.0]</td>");
            Assert.DoesNotMatchRegex(new Regex("(src|href)\\s*=\\s*\"(https?:)?//", RegexOptions.IgnoreCase), page);
            Assert.IsFalse(page.Contains("http://", StringComparison.OrdinalIgnoreCase) || page.Contains("https://", StringComparison.OrdinalIgnoreCase));
            Assert.HasCount(6, Regex.Matches(page, "data:image/png;base64,"));
            // The forest plots are inline, their titles and descriptions referenced for assistive technology.
            Assert.HasCount(2, Regex.Matches(page, "<svg [^>]*role=\"img\" aria-labelledby=\"fig_paired_[a-z_]+-title\" aria-describedby=\"fig_paired_[a-z_]+-desc\""));

            var first = File.ReadAllBytes(md);
            var forest = Path.Combine(folder, "figures", "fig_paired_dt_smdrl.svg");
            var firstForest = File.ReadAllBytes(forest);
            var culture = System.Globalization.CultureInfo.CurrentCulture;
            try
            {
                // A decimal comma culture must not leak into the report.
                System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
                StudyReport.Write(folder);
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentCulture = culture;
            }
            CollectionAssert.AreEqual(first, File.ReadAllBytes(md), "report.md must be byte-identical for the same inputs");
            CollectionAssert.AreEqual(firstForest, File.ReadAllBytes(forest), "the forest plot must be byte-identical for the same inputs");
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

    [TestMethod]
    public void BadFieldsNameTheFileRecordAndField()
    {
        var folder = ReportFixture.Write(extras: false);
        try
        {
            var metrics = Path.Combine(folder, "metrics.csv");
            var lines = File.ReadAllLines(metrics);
            lines[2] = Regex.Replace(lines[2], ",40,4,", ",forty,4,");
            File.WriteAllLines(metrics, lines);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => StudyReport.Write(folder));
            Assert.AreEqual($"{metrics}: record 3, field 'n_patients': 'forty' is not a count (a non-negative integer).", e.Message);

            // An empty count (a reference row without training seeds, say) is n/a, not an error.
            File.WriteAllLines(metrics, lines.Select((l, i) => i == 2 ? Regex.Replace(l, ",forty,4,[0-9]+,", ",40,4,,") : l));
            var table1 = StudyReport.Table(ArmMetrics.ReadCsv(metrics), ["decision_accuracy"]);
            CollectionAssert.AreEqual(new[] { "40", "4", "n/a" }, table1.Rows[1].Skip(3).ToArray());

            File.WriteAllText(Path.Combine(folder, "metrics.csv"), string.Join("\n", File.ReadAllLines(metrics)).Replace("forty", "40"));
            var paired = Path.Combine(folder, "paired.csv");
            File.AppendAllText(paired, "\"DRL\",\"DT-SMDRL\",a_future_metric,zero,0,0,40\n");
            var p = Assert.ThrowsExactly<InvalidDataException>(() => StudyReport.Write(folder));
            StringAssert.Contains(p.Message, $"{paired}: record ");
            StringAssert.Contains(p.Message, "field 'difference': 'zero' is not a number.");

            var sensitivity = Path.Combine(folder, "qtwist_sensitivity.csv");
            File.WriteAllText(sensitivity, "method,u_tox,u_rel,qtwist_days,qtwist_days_lo,qtwist_days_hi,gain_captured,gain_captured_lo,gain_captured_hi\nDRL,1.5,0.5,1,0,2,0.5,0.4,0.6\n");
            var s = Assert.ThrowsExactly<InvalidDataException>(() => QtwistSensitivityRow.ReadCsv(sensitivity));
            Assert.AreEqual($"{sensitivity}: record 2, field 'u_tox': '1.5' is not a utility in [0, 1].", s.Message);
            File.WriteAllText(sensitivity, "method,u_tox,u_rel,qtwist_days,qtwist_days_lo,qtwist_days_hi,gain_captured,gain_captured_lo,gain_captured_hi\n"
                + "DRL,0.5,0.5,1,0,2,0.5,0.4,0.6\nDRL,0.25,0.5,1,0,2,0.5,0.4,0.6\nDRL,0.50,0.5,1,0,2,0.5,0.4,0.6\n");
            s = Assert.ThrowsExactly<InvalidDataException>(() => QtwistSensitivityRow.ReadCsv(sensitivity));
            Assert.AreEqual($"{sensitivity}: record 4 repeats the (method,u_tox,u_rel) of record 2.", s.Message);

            File.WriteAllText(paired, "method,comparator,metric,difference,difference_lo,difference_hi,n_patients\nDRL,DT-SMDRL,ece,0,0,0,40\nDRL,DT-SMDRL,ece,1,0,2,40\n");
            p = Assert.ThrowsExactly<InvalidDataException>(() => PairedDifference.ReadCsv(paired));
            Assert.AreEqual($"{paired}: record 3 repeats the (method,comparator,metric) of record 2.", p.Message);

            File.WriteAllLines(metrics, [.. File.ReadAllLines(metrics), File.ReadAllLines(metrics)[1]]);
            var m = Assert.ThrowsExactly<InvalidDataException>(() => ArmMetrics.ReadCsv(metrics));
            StringAssert.EndsWith(m.Message, $"repeats the (method) of record 2.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
