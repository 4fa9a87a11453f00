using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// Builds report.md and report.html of a study folder from the files `dtsmdrl study` wrote there (metrics.csv, and
/// when present paired.csv, qtwist_sensitivity.csv, per_patient.csv, robustness.csv, adaptation.csv, importance.csv,
/// example_patient.csv, manifest.json), in metrics.md version 2's vocabulary. Same inputs give byte-identical
/// report.md: nothing depends on the clock, the culture or the machine running the report.
/// </summary>
public static class StudyReport
{
    /// <summary>Markdown report file name.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>Self-contained HTML report file name.</summary>
    public const string HtmlFile = "report.html";

    private const string Title = "DT-SMDRL baseline comparison study";

    /// <summary>The metrics of Table 1: the paper's columns, then the value of the decisions.</summary>
    public static IReadOnlyList<string> Table1Columns { get; } = ["decision_accuracy", "precision", "recall", "gain_captured", "mean_regret_days", "qtwist_days"];

    /// <summary>The extended clinical table's metrics.</summary>
    public static IReadOnlyList<string> ClinicalColumns { get; } =
        ["response_rate", "tumour_reduction_pct", "pfs_median_days", "pfs_rmst_days", "violation_rate", "safety_compliance", "cvar90_cost", "ece"];

    // Ablations and robustness answer questions of value and safety; their other metrics are in metrics.csv / robustness.csv.
    private static readonly IReadOnlyList<string> AblationColumns = ["decision_accuracy", "gain_captured", "qtwist_days", "violation_rate", "cvar90_cost"];
    private static readonly IReadOnlyList<string> RobustnessColumns = AblationColumns;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Writes the figures, report.md and report.html into the study folder; returns the paths of the two reports.</summary>
    public static (string Markdown, string Html) Write(string studyFolder)
    {
        var metricsPath = Path.Combine(studyFolder, "metrics.csv");
        if (!File.Exists(metricsPath)) throw new FileNotFoundException($"{studyFolder}: metrics.csv not found; is this a `dtsmdrl study` output folder?", metricsPath);
        var arms = ArmMetrics.ReadCsv(metricsPath);
        var pairedPath = Path.Combine(studyFolder, PairedDifference.CsvFile);
        var paired = File.Exists(pairedPath) ? PairedDifference.ReadCsv(pairedPath) : [];
        var figures = ReportFigures.WriteAll(studyFolder, arms);
        var pairedFigures = PairedFigures(studyFolder, arms, paired);
        var blocks = Blocks(studyFolder, arms, paired, figures, pairedFigures);
        var md = Path.Combine(studyFolder, MarkdownFile);
        var html = Path.Combine(studyFolder, HtmlFile);
        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(md, ReportRenderer.Markdown(blocks, studyFolder), utf8);
        File.WriteAllText(html, ReportRenderer.Html(blocks, Title), utf8);
        return (md, html);
    }

    /// <summary>
    /// The two forest plots in figures/: DT-SMDRL minus each row (fig_paired_dt_smdrl.svg) and Supervised Model minus
    /// each row (fig_paired_supervised_model.svg), each drawn when paired.csv holds its pairs.
    /// </summary>
    public static IReadOnlyList<SvgFigure> PairedFigures(string studyFolder, IReadOnlyList<ArmMetrics> arms, IReadOnlyList<PairedDifference> paired)
    {
        var folder = Path.Combine(studyFolder, "figures");
        var rows = Compared(arms).Select(a => a.Method).ToList();
        var figures = new List<SvgFigure>();
        foreach (var (subject, stem) in new[] { (StudyRows.DtSmdrl, "fig_paired_dt_smdrl"), (StudyRows.Supervised, "fig_paired_supervised_model") })
        {
            if (!rows.Contains(subject)) continue;
            var figure = ForestPlot.Write(folder, stem,
                $"Paired differences, {subject} minus each row (reference rows included), over the same test patients and replicates: gain captured, Q-TWiST days, decision accuracy and violation rate, with 95% paired bootstrap intervals and the zero line (paired.csv).",
                subject, rows, paired);
            if (figure is not null) figures.Add(figure);
        }
        return figures;
    }

    /// <summary>The report's blocks in order: tables, paired differences, sensitivity, what each arm is given, ablations, robustness, adaptation, figures, manifest.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(string studyFolder, IReadOnlyList<ArmMetrics> arms, IReadOnlyList<PairedDifference> paired,
        IReadOnlyList<ReportFigure> figures, IReadOnlyList<SvgFigure> pairedFigures)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var compared = Compared(arms);
        var ablations = StudyRows.Order(arms.Where(a => StudyRows.IsAblation(a.Method)), a => a.Method);
        var manifestPath = Path.Combine(studyFolder, "manifest.json");
        var manifest = File.Exists(manifestPath) ? ReadManifest(manifestPath) : null;

        var blocks = new List<ReportBlock> { new HeadingBlock(1, Title), new ParagraphBlock(Introduction(compared)) };

        blocks.Add(new HeadingBlock(2, "Table 1. Decision accuracy, precision and recall, and the value of the decisions"));
        blocks.Add(new ParagraphBlock("Rows marked Reference bound the range and are not competitors: No treatment holds every cycle (its value is V_hold), "
            + "the perfect-information planner knows each patient's true twin but not the dice (its value is V*), and Twin-MPC plans on the twin posterior "
            + "with DT-SMDRL's information. Decision accuracy is the share of patients with V >= V* - max(0.10 (V* - V_hold), 7 days); precision and recall "
            + "are of the stated response probability (predicted responder: p >= 0.5) over (patient, replicate) pairs; gain captured = sum of (V - V_hold) / "
            + "sum of (V* - V_hold); mean regret = mean of V* - V in days; Q-TWiST = mean quality-adjusted days to the end of follow-up at the study's utilities (default u_TOX = u_REL = 0.5)."));
        blocks.Add(Table(compared, Table1Columns));

        blocks.AddRange(DistanceBlocks(compared));
        blocks.AddRange(PairedBlocks(compared, paired, pairedFigures));

        blocks.Add(new HeadingBlock(2, "Extended clinical table"));
        blocks.Add(new ParagraphBlock("RECIST 1.1 on the simulated sum of longest diameters, assessed every 6 weeks: response rate = share of (patient, replicate) "
            + "with best overall response CR or PR; tumour reduction = 100 (baseline - nadir) / baseline SLD; progression-free survival by Kaplan-Meier (median) and "
            + "its restricted mean to the end of follow-up. Violation rate = share of (patient, replicate) with a severe toxicity event; safety compliance = 1 - violation rate; "
            + "CVaR0.9 cost = mean episode toxicity cost over the worst 10%; ECE = expected calibration error of the stated response probability (15 bins)."));
        blocks.Add(Table(compared, ClinicalColumns, withCounts: false));

        var sensitivity = Path.Combine(studyFolder, QtwistSensitivityRow.CsvFile);
        if (File.Exists(sensitivity)) blocks.AddRange(SensitivityBlocks(QtwistSensitivityRow.ReadCsv(sensitivity)));

        blocks.AddRange(ArmInformationBlocks(arms, manifest));

        if (ablations.Count > 0) blocks.AddRange(AblationBlocks(arms, ablations, paired));

        var robustness = Path.Combine(studyFolder, "robustness.csv");
        if (File.Exists(robustness))
            blocks.AddRange(RobustnessBlocks(compared, ArmMetrics.ReadCsv(robustness)));

        var adaptation = Path.Combine(studyFolder, "adaptation.csv");
        if (File.Exists(adaptation)) blocks.AddRange(AdaptationBlocks(StudyCsv.Read(adaptation), manifest));

        blocks.AddRange(LearningCurvesSection.Blocks(studyFolder));

        var example = Path.Combine(studyFolder, ReportFigures.ExamplePatientFile);
        if (File.Exists(example))
        {
            blocks.Add(new HeadingBlock(2, "Example patient"));
            blocks.Add(ExamplePatientParagraph(StudyCsv.Read(example)));
        }

        blocks.Add(new HeadingBlock(2, "Figures"));
        blocks.AddRange(figures.Select(f => new FigureBlock(f)));

        if (manifest is not null)
        {
            blocks.Add(new HeadingBlock(2, "Manifest"));
            blocks.Add(ManifestTable(manifest));
        }
        return blocks;
    }

    // Reference rows and compared arms, in report order (ablations apart).
    private static IReadOnlyList<ArmMetrics> Compared(IReadOnlyList<ArmMetrics> arms) =>
        StudyRows.Order(arms.Where(a => !StudyRows.IsAblation(a.Method)), a => a.Method);

    private static string Introduction(IReadOnlyList<ArmMetrics> rows)
    {
        string Counts(Func<ArmMetrics, int?> count, string noun)
        {
            var distinct = rows.Select(count).OfType<int>().Distinct().Order().ToList();
            return distinct.Count switch
            {
                0 => $"n/a {noun}",
                1 => $"{distinct[0].ToString(C)} {noun}",
                _ => $"{distinct[0].ToString(C)} to {distinct[^1].ToString(C)} {noun} (per row in the tables)",
            };
        }
        var counts = rows.Count == 0 ? "no rows"
            : $"{Counts(a => a.Patients, "test patients")}, {Counts(a => a.Replicates, "evaluation replicates per patient")}, learned arms over up to {Counts(a => a.Seeds, "training seeds")}";
        return "Definitions of metrics.md version 2 (Q-TWiST utility in days, perfect-information reference V*, paired comparisons). "
            + $"This study: {counts}. Every row runs on the same true twins with the same evaluation dice (common random numbers). "
            + "Estimates are means over test patients with 95% bootstrap intervals (patients resampled, their replicates kept together), learned arms pooled over seeds. "
            + "Every comparison of two rows is a paired difference over the same patients and replicates: \"A beats B\" only when the paired 95% interval excludes 0, "
            + "otherwise \"no difference shown\".";
    }

    /// <summary>How far each row is from the perfect-information planner: gain not captured (points) and mean regret (days).</summary>
    public static IReadOnlyList<ReportBlock> DistanceBlocks(IReadOnlyList<ArmMetrics> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var gain = ReportMetric.Of("gain_captured");
        var regret = ReportMetric.Of("mean_regret_days");
        var accuracy = ReportMetric.Of("decision_accuracy");
        var withGain = rows.Where(r => r.Metrics.ContainsKey(gain.Column)).ToList();
        if (withGain.Count == 0) return [];
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock(2, "Distance from the perfect-information planner"),
            new ParagraphBlock("The perfect-information planner's gain captured is 100% and its regret 0 by construction: its V is V* (and No treatment's gain "
                + "captured is 0% by construction: its V is V_hold). V* is the value of the best fixed plan for someone who knows the true twin but not the dice, "
                + "so V* can be exceeded: a policy that reacts to the observed course can do better than every fixed plan on a patient, and then its regret there "
                + "is negative and its gain captured can pass 100%. Gain not captured = 100% - gain captured, in points; mean regret is the paired distance in days."),
        };
        var tableRows = withGain.Select(r =>
        {
            var g = r.Metrics[gain.Column];
            var notCaptured = $"{Points(100 - gain.Scaled(g.Estimate))} [{Points(100 - gain.Scaled(g.Upper))}, {Points(100 - gain.Scaled(g.Lower))}]";
            return (IReadOnlyList<string>)
            [
                StudyRows.Kind(r.Method), r.Method, gain.PrintWithInterval(g), notCaptured,
                r.Metrics.TryGetValue(regret.Column, out var e) ? regret.PrintWithInterval(e) : "n/a",
                r.Metrics.TryGetValue(accuracy.Column, out var a) ? accuracy.PrintWithInterval(a) : "n/a",
            ];
        }).ToList();
        blocks.Add(new TableBlock(["Row", "Method", "Gain captured", "Gain not captured (points)", "Mean regret V* - V", "Decision accuracy"], tableRows));
        return blocks;
    }

    /// <summary>The paired-differences section: the forest plots and one sentence per metric, DT-SMDRL and Supervised Model against each row.</summary>
    public static IReadOnlyList<ReportBlock> PairedBlocks(IReadOnlyList<ArmMetrics> rows, IReadOnlyList<PairedDifference> paired, IReadOnlyList<SvgFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(paired);
        var blocks = new List<ReportBlock> { new HeadingBlock(2, "Paired differences") };
        if (paired.Count == 0)
        {
            blocks.Add(new ParagraphBlock("No paired.csv in this study folder, so no row is said to beat another."));
            return blocks;
        }
        blocks.Add(new ParagraphBlock("Each difference is one row minus another over the same test patients and replicates (paired.csv), with its 95% paired "
            + "bootstrap interval. Proportions differ in percentage points, times in days. A row beats another only when the interval excludes 0 on its better side."));
        blocks.AddRange((figures ?? []).Select(f => new SvgFigureBlock(f)));
        var names = rows.Select(r => r.Method).ToList();
        // The forest plot's metrics lead; DT-SMDRL is compared on every metric, the Supervised Model on the forest plot's.
        var headline = ForestPlot.Metrics.Select(ReportMetric.Of).ToList();
        var everything = headline.Concat(ReportMetric.All.Except(headline)).ToList();
        foreach (var (subject, metrics) in new[] { (StudyRows.DtSmdrl, everything), (StudyRows.Supervised, headline) })
        {
            if (!names.Contains(subject)) continue;
            var sentences = metrics.Select(m => ResultsNarrative.PairedSentence(m, subject, names, paired)).OfType<string>().ToList();
            if (sentences.Count == 0) continue;
            blocks.Add(new HeadingBlock(3, $"{subject} against each row"));
            if (metrics == headline) blocks.Add(new ParagraphBlock($"The metrics of the forest plot; paired.csv holds {subject}'s paired differences on the others."));
            blocks.Add(new BulletsBlock(sentences));
        }
        return blocks;
    }

    /// <summary>Q-TWiST days and gain captured per row and utility pair: rows (method, u_TOX), columns u_REL.</summary>
    public static IReadOnlyList<ReportBlock> SensitivityBlocks(IReadOnlyList<QtwistSensitivityRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        var qtwist = ReportMetric.Of("qtwist_days");
        var gain = ReportMetric.Of("gain_captured");
        var relapse = rows.Select(r => r.URel).Distinct().Order().ToList();
        var methods = StudyRows.Order(rows.Select(r => r.Method).Distinct(), m => m);
        TableBlock Table(Func<QtwistSensitivityRow, string> print)
        {
            var header = new List<string> { "Row", "Method", "u_TOX" };
            header.AddRange(relapse.Select(u => "u_REL = " + Utility(u)));
            var body = methods.SelectMany(m => rows.Where(r => r.Method == m).Select(r => r.UTox).Distinct().Order().Select(tox =>
            {
                var cells = new List<string> { StudyRows.Kind(m), m, Utility(tox) };
                cells.AddRange(relapse.Select(rel => rows.FirstOrDefault(r => r.Method == m && r.UTox == tox && r.URel == rel) is { } r ? print(r) : "n/a"));
                return (IReadOnlyList<string>)cells;
            })).ToList();
            return new TableBlock(header, body);
        }
        return
        [
            new HeadingBlock(2, "Q-TWiST sensitivity to the utilities"),
            new ParagraphBlock("Q-TWiST counts u_TOX for each day alive with a grade >= 3 toxicity, 1 for other days before progression and u_REL for days after "
                + "progression (0 after death). The same episodes re-valued for every pair of utilities (qtwist_sensitivity.csv); V_hold and V* are re-chosen for "
                + "each pair, so gain captured is against that pair's perfect-information plan. Table 1 uses the study's utilities (default u_TOX = u_REL = 0.5)."),
            new HeadingBlock(3, "Q-TWiST days"),
            Table(r => qtwist.PrintWithInterval(r.QtwistDays)),
            new HeadingBlock(3, "Gain captured"),
            Table(r => gain.PrintWithInterval(r.GainCaptured)),
        ];
    }

    /// <summary>"What each arm is given": the information each row decides from, whether it ran, and its wall time from the manifest.</summary>
    public static IReadOnlyList<ReportBlock> ArmInformationBlocks(IReadOnlyList<ArmMetrics> arms, JsonObject? manifest)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var dt = manifest?["dt_smdrl"] as JsonObject;
        var adaptationUpdates = Scalar(dt?["adaptation_updates"]);
        var shield = Scalar(dt?["shield_threshold"]);
        var dtRun = adaptationUpdates is null && shield is null ? ""
            : $" In this run: {adaptationUpdates ?? "n/a"} adaptation updates per patient, shield threshold {shield ?? "none (shield off)"}.";
        var given = new (string Method, string Given)[]
        {
            (StudyRows.NoTreatment, "Nothing: it holds every cycle. Its value is V_hold."),
            (StudyRows.PerfectInformation, "The true twin (the cohort generator's latent parameters of the patient), not the dice: the best fixed plan of the plan library "
                + "by mean Q-TWiST over oracle replicates independent of the evaluation ones, under the 10% severe-event limit. Its value is V*."),
            (StudyRows.TwinMpc, "The baseline record and the observed course (actions, scans, blood counts), the same biomarker-conditioned twin prior as DT-SMDRL, "
                + "and a posterior update of the twin at every scan; it then searches every remaining plan on posterior twin samples under the same safety limit."),
            ("Clinical Baseline", "The guideline biomarkers of the baseline record (the guideline rule)."),
            (StudyRows.Supervised, "The baseline record and the training patients' retrospective outcomes (per-regimen ML.NET models)."),
            ("DRL", "Population twins: PPO trained on twins from the population prior, clinical state only, no safety layer."),
            ("Digital Twin + DRL", "The biomarker-conditioned twin prior: PPO across the training patients' personalised twins with patient features; no safety layer, no meta-learning."),
            (StudyRows.DtSmdrl, "The biomarker-conditioned twin prior, a policy behaviour-cloned on Twin-MPC's decisions on training patients' twin samples, "
                + "then meta-learned from there (Reptile meta-PPO with a CVaR0.9 cost constraint), "
                + "per-patient adaptation on the patient's twins and a shield on the forecast probability of a severe event." + dtRun),
        };
        var wall = manifest?["wall_seconds"] as JsonObject;
        var methodSeconds = wall?["methods"] as JsonObject;
        string Seconds(ArmMetrics arm)
        {
            var text = Scalar(arm.Method == StudyRows.PerfectInformation ? wall?["oracle"] : methodSeconds?[arm.Method]);
            if (text is null) return "n/a";
            // Twin-MPC's compute is the price of its ceiling (metrics.md asks for it beside the row): per patient episode.
            var episodes = (double)(arm.Patients ?? 0) * (arm.Replicates ?? 0);
            return arm.Method == StudyRows.TwinMpc && episodes > 0 && double.TryParse(text, NumberStyles.Float, C, out var seconds)
                ? $"{text} ({(seconds / episodes).ToString("F3", C)} s per patient episode)" : text;
        }
        var rows = given.Select(g =>
        {
            var arm = arms.FirstOrDefault(a => a.Method == g.Method);
            var ran = arm is null ? "not run" : arm.Seeds > 1 ? $"yes, {arm.Seeds.Value.ToString(C)} seeds" : "yes";
            return (IReadOnlyList<string>)[StudyRows.Kind(g.Method), g.Method, g.Given, ran, arm is null ? "n/a" : Seconds(arm)];
        }).ToList();
        return
        [
            new HeadingBlock(2, "What each arm is given"),
            new ParagraphBlock("What each row decides from. Methods receive the observed records only; the true twins and the dice stay in the evaluation code, "
                + "and only the perfect-information planner is given a true twin. Wall seconds are the manifest's (fit and evaluation over all seeds; the "
                + "perfect-information planner's is the plan search)."),
            new TableBlock(["Row", "Method", "Given", "In this run", "Wall seconds"], rows),
            new ParagraphBlock("The twin arms' population prior is the cohort generator's own: Digital Twin + DRL, DT-SMDRL and Twin-MPC draw their twins from the "
                + "biomarker-conditioned prior that generated this synthetic cohort, so their twin model is well specified here as it would not be on real patients. "
                + "Their results are an upper bound for that reason until a learned prior replaces it."),
        ];
    }

    /// <summary>DT-SMDRL beside each ablation, and one paired sentence per headline metric (DT-SMDRL minus each ablation).</summary>
    public static IReadOnlyList<ReportBlock> AblationBlocks(IReadOnlyList<ArmMetrics> arms, IReadOnlyList<ArmMetrics> ablations, IReadOnlyList<PairedDifference> paired)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(ablations);
        var full = arms.Where(a => a.Method == StudyRows.DtSmdrl).ToList();
        var blocks = new List<ReportBlock> { new HeadingBlock(2, "Ablations"), Table([.. full, .. ablations], AblationColumns) };
        if (full.Count == 1)
        {
            var names = ablations.Select(a => a.Method).ToList();
            var sentences = new[] { "gain_captured", "qtwist_days", "decision_accuracy", "violation_rate", "cvar90_cost" }
                .Select(c => ResultsNarrative.PairedSentence(ReportMetric.Of(c), StudyRows.DtSmdrl, names, paired)).OfType<string>().ToList();
            blocks.Add(sentences.Count > 0 ? new BulletsBlock(sentences) : new ParagraphBlock("paired.csv holds no DT-SMDRL-versus-ablation pairs, so no ablation is said to differ."));
        }
        return blocks;
    }

    /// <summary>
    /// Each arm on clean inputs next to the same fitted arm deciding from degraded records (robustness.csv rows are
    /// named "arm (condition)"), and one sentence per condition and headline metric with the change against the clean run.
    /// </summary>
    public static IReadOnlyList<ReportBlock> RobustnessBlocks(IReadOnlyList<ArmMetrics> clean, IReadOnlyList<ArmMetrics> degraded)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(degraded);
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock(2, "Robustness"),
            new ParagraphBlock("Each arm is fitted once on clean training data, then decides for the same test patients from degraded " +
                "observed records; its plans run on the same true twins with the same dice. Rows: clean inputs, then each condition. robustness.csv has no paired "
                + "intervals, so the changes are reported without a claim."),
        };
        var rows = new List<ArmMetrics>();
        var sentences = new List<string>();
        foreach (var arm in clean)
        {
            var conditions = degraded.Where(d => d.Method.StartsWith(arm.Method + " (", StringComparison.Ordinal)).ToList();
            if (conditions.Count == 0) continue;
            rows.Add(arm);
            rows.AddRange(conditions);
            sentences.AddRange(conditions.SelectMany(d => new[] { "decision_accuracy", "gain_captured", "violation_rate" }
                .Select(c => ResultsNarrative.RobustnessSentence(ReportMetric.Of(c), arm, d))).OfType<string>());
        }
        blocks.Add(Table(rows, RobustnessColumns, withKind: false));
        if (sentences.Count > 0) blocks.Add(new BulletsBlock(sentences));
        return blocks;
    }

    /// <summary>
    /// One row per arm ("Row" marks Reference / Arm / Ablation unless <paramref name="withKind"/> is false), one column per
    /// metric as "estimate [lo, hi]", then patients, replicates and seeds unless <paramref name="withCounts"/> is false.
    /// </summary>
    public static TableBlock Table(IReadOnlyList<ArmMetrics> arms, IReadOnlyList<string> columns, bool withKind = true, bool withCounts = true)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(columns);
        var metrics = columns.Select(ReportMetric.Of).ToList();
        var header = new List<string>();
        if (withKind) header.Add("Row");
        header.Add("Method");
        header.AddRange(metrics.Select(m => m.Heading));
        if (withCounts) header.AddRange(["Patients", "Replicates", "Seeds"]);
        var rows = arms.Select(a =>
        {
            var row = new List<string>();
            if (withKind) row.Add(StudyRows.Kind(a.Method));
            row.Add(a.Method);
            row.AddRange(metrics.Select(m => a.Metrics.TryGetValue(m.Column, out var e) ? m.PrintWithInterval(e) : "n/a"));
            if (withCounts) row.AddRange([Count(a.Patients), Count(a.Replicates), Count(a.Seeds)]);
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new TableBlock(header, rows);
    }

    /// <summary>
    /// The adaptation-speed section (metrics.md version 2, in observed scans): what is measured, the table of continuation
    /// gain captured per arm and k (adaptation.csv) and each arm's adaptation speed (scans to the target, or not reached).
    /// </summary>
    public static IReadOnlyList<ReportBlock> AdaptationBlocks(StudyCsv csv, JsonNode? manifest)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var settings = manifest?["adaptation"];
        var fraction = settings?["fraction"]?.GetValue<double>() ?? 0.9;
        var seconds = Scalar(manifest?["wall_seconds"]?["adaptation"]);
        var rows = Enumerable.Range(0, csv.Rows.Count).Select(r => (
            Arm: csv.Text(r, "arm"), Scans: csv.Count(r, "scans_observed"), Cycle: csv.Count(r, "decision_cycle"),
            Gain: csv.Number(r, "gain_captured"), Lower: csv.Number(r, "gain_captured_lo"), Upper: csv.Number(r, "gain_captured_hi"),
            Patients: csv.Count(r, "n_patients"), Records: csv.Count(r, "n_records"),
            ArmDays: csv.Number(r, "mean_arm_days"), Perfect: csv.Number(r, "mean_perfect_days"), Hold: csv.Number(r, "mean_hold_days"))).ToList();
        static string Percent(double v) => double.IsFinite(v) ? (100 * v).ToString("F1", C) + "%" : "n/a";
        var target = (100 * fraction).ToString("F0", C);
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock(2, "Adaptation speed in observed scans"),
            new ParagraphBlock("For each measured test patient and evaluation replicate, each arm runs its own episode on the true twin from the start. "
                + "At the decision point after k scans (a scan every 2 cycles: cycles 0, 2, 4, 6) the true state the arm reached is taken (by the evaluation code only), and "
                + "three continuations to the end of follow-up are valued on the same dice: the arm's own, the perfect-information continuation (the best remaining "
                + "block plan for someone who knows the true twin and that state but not the dice, chosen on 16 oracle replicates under the severe-event limit, which "
                + "counts the whole episode including events already happened) and no treatment. With C_arm, C_pi and C_hold their quality-adjusted days from the decision point on, "
                + "continuation gain captured = mean(C_arm - C_hold) / mean(C_pi - C_hold) over (patient, replicate), with a 95% paired bootstrap interval over patients "
                + "(patients resampled with their replicates); at k = 0 it is the ordinary gain captured against V*. "
                + $"Adaptation speed = the fewest scans at which it reaches {target}%. The arms hold the last training seed's fit"
                + (seconds is null ? "." : $"; the measurement took {seconds} s.")
                + " DT-SMDRL has no in-course twin updates today (its twins are fitted from the baseline record), so the comparison \"without in-course twin updates\" "
                + "is not a separate arm: DT-SMDRL itself is that configuration."),
            new TableBlock(["Arm", "Scans observed", "Decision cycle", "Continuation gain captured (95% interval)", "Mean C_arm (d)", "Mean C_pi (d)", "Mean C_hold (d)", "Patients", "Records"],
                rows.Select(r => (IReadOnlyList<string>)[r.Arm, r.Scans.ToString(C), r.Cycle.ToString(C), $"{Percent(r.Gain)} [{Percent(r.Lower)}, {Percent(r.Upper)}]",
                    Points(r.ArmDays), Points(r.Perfect), Points(r.Hold), r.Patients.ToString(C), r.Records.ToString(C)]).ToList()),
        };
        var speeds = rows.GroupBy(r => r.Arm).Select(g =>
        {
            var reached = g.OrderBy(r => r.Scans).FirstOrDefault(r => r.Gain >= fraction);
            return reached.Arm is null
                ? $"{g.Key}: not reached ({target}%) within {g.Max(r => r.Scans)} scans."
                : $"{g.Key}: {reached.Scans} scan{(reached.Scans == 1 ? "" : "s")} to reach {target}%.";
        }).ToList();
        blocks.Add(new BulletsBlock(speeds));
        return blocks;
    }

    /// <summary>Which patient the example figures show, why, and each plan with its share of twin samples alive at the end and median final SLD.</summary>
    public static ParagraphBlock ExamplePatientParagraph(StudyCsv csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        if (csv.Rows.Count == 0) throw new InvalidDataException($"{csv.Path}: no rows.");
        var id = csv.Text(0, "patient_id");
        var sld = csv.Number(0, "observed_sld_mm");
        var lastDay = Enumerable.Range(0, csv.Rows.Count).Max(r => csv.Number(r, "day"));
        var day = lastDay.ToString("F0", C);
        var plans = Enumerable.Range(0, csv.Rows.Count).Where(r => csv.Number(r, "day") == lastDay).Select(r =>
        {
            var median = csv.Number(r, "sld_p50");
            var alive = (100 * csv.Number(r, "alive_fraction")).ToString("F0", C);
            return $"{csv.Text(r, "plan")} ({csv.Text(r, "plan_actions")}): {alive}% of samples alive on day {day}, median SLD of those alive "
                + (double.IsFinite(median) ? median.ToString("F1", C) + " mm" : "n/a");
        }).ToList();
        return new ParagraphBlock(
            $"Patient {id} (synthetic id) is the test patient with the median observed baseline sum of lesion diameters ({sld.ToString("F1", C)} mm) among those with a baseline scan: "
            + "a typical tumour burden, chosen before looking at any outcome. The twin samples are the DT-SMDRL arm's view of the patient (draws from the biomarker-conditioned prior given the observed record); "
            + "each plan runs open-loop on all of them over the decision cycles and then on hold to the end of follow-up. The recommended plan is the modal plan of the adapted, shielded DT-SMDRL policy over its forecast samples; "
            + "the guideline plan is the modal plan of the clinical guideline's schedule run closed-loop on those forecast samples. "
            + string.Join("; ", plans) + ".");
    }

    /// <summary>manifest.json as a JSON object; throws naming the file when it is not valid JSON or not an object.</summary>
    public static JsonObject ReadManifest(string path)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e); }
        return node as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object at the top level.");
    }

    /// <summary>The manifest's top-level fields, nested values as compact JSON.</summary>
    public static TableBlock ManifestTable(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var rows = manifest.Select(p => (IReadOnlyList<string>)[p.Key, p.Value is JsonValue v ? v.ToString() : p.Value?.ToJsonString() ?? "null"]).ToList();
        return new TableBlock(["Field", "Value"], rows);
    }

    // A JSON scalar as invariant text, null when absent or not a scalar.
    private static string? Scalar(JsonNode? node) => node is JsonValue v ? v.ToJsonString().Trim('"') : null;

    private static string Count(int? count) => count?.ToString(C) ?? "n/a";

    private static string Points(double value) => double.IsFinite(value) ? value.ToString("F1", C) : "n/a";

    private static string Utility(double u) => u.ToString("0.##", C);
}
