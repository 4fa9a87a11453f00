using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// Builds report.md and report.html of a study folder from the files `dtsmdrl study` wrote there (metrics.csv,
/// per_patient.csv, manifest.json, and adaptation.csv / importance.csv when present). Same inputs give byte-identical
/// report.md: nothing depends on the clock, the culture or the machine running the report.
/// </summary>
public static class StudyReport
{
    /// <summary>Markdown report file name.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>Self-contained HTML report file name.</summary>
    public const string HtmlFile = "report.html";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Writes the figures, report.md and report.html into the study folder; returns the paths of the two reports.</summary>
    public static (string Markdown, string Html) Write(string studyFolder)
    {
        var metricsPath = Path.Combine(studyFolder, "metrics.csv");
        if (!File.Exists(metricsPath)) throw new FileNotFoundException($"{studyFolder}: metrics.csv not found; is this a `dtsmdrl study` output folder?", metricsPath);
        var arms = ArmMetrics.ReadCsv(metricsPath);
        var figures = ReportFigures.WriteAll(studyFolder, arms);
        var blocks = Blocks(studyFolder, arms, figures);
        var md = Path.Combine(studyFolder, MarkdownFile);
        var html = Path.Combine(studyFolder, HtmlFile);
        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(md, ReportRenderer.Markdown(blocks, studyFolder), utf8);
        File.WriteAllText(html, ReportRenderer.Html(blocks, "DT-SMDRL baseline comparison study"), utf8);
        return (md, html);
    }

    /// <summary>The report's blocks in order: tables, results, ablations, adaptation, figures, manifest.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(string studyFolder, IReadOnlyList<ArmMetrics> arms, IReadOnlyList<ReportFigure> figures)
    {
        var blocks = new List<ReportBlock> { new HeadingBlock(1, "DT-SMDRL baseline comparison study") };
        var compared = arms.Where(a => !ResultsNarrative.IsAblation(a.Method)).ToList();
        var ablations = arms.Where(a => ResultsNarrative.IsAblation(a.Method)).ToList();
        var seeds = string.Join(", ", compared.Select(a => $"{a.Method}: {a.Seeds}"));

        blocks.Add(new HeadingBlock(2, "Table 1. Decision accuracy, precision and recall"));
        blocks.Add(new ParagraphBlock("Estimates with 95% bootstrap intervals over test patients (metrics.md); seeds per arm: " + seeds + "."));
        blocks.Add(Table(compared, ["decision_accuracy", "precision", "recall"]));

        blocks.Add(new HeadingBlock(2, "Extended clinical table"));
        blocks.Add(Table(compared, ["response_rate", "tumour_reduction_pct", "pfs_median_days", "pfs_rmst_days", "violation_rate",
            "safety_compliance", "cvar90_cost", "gain_captured", "ece"]));

        blocks.Add(new HeadingBlock(2, "Results"));
        blocks.Add(new ParagraphBlock("Generated from metrics.csv. \"Overlap\" compares the 95% intervals; overlapping intervals do not establish a difference."));
        blocks.Add(new BulletsBlock(ReportMetric.All.Select(m => ResultsNarrative.MetricSentence(m, compared)).OfType<string>().ToList()));

        if (ablations.Count > 0)
        {
            blocks.Add(new HeadingBlock(2, "Ablations"));
            var full = arms.Where(a => a.Method == "DT-SMDRL").ToList();
            blocks.Add(Table([.. full, .. ablations], ["decision_accuracy", "gain_captured", "violation_rate", "cvar90_cost", "response_rate", "ece"]));
            if (full.Count == 1)
                blocks.Add(new BulletsBlock(ablations.SelectMany(a => ReportMetric.All
                    .Where(m => m.Column is "decision_accuracy" or "gain_captured" or "violation_rate" or "cvar90_cost")
                    .Select(m => ResultsNarrative.AblationSentence(m, full[0], a))).OfType<string>().ToList()));
        }

        var robustness = Path.Combine(studyFolder, "robustness.csv");
        if (File.Exists(robustness))
            blocks.AddRange(RobustnessBlocks(arms, ArmMetrics.ReadCsv(robustness)));

        var adaptation = Path.Combine(studyFolder, "adaptation.csv");
        if (File.Exists(adaptation))
        {
            blocks.Add(new HeadingBlock(2, "Adaptation on new patients"));
            blocks.Add(AdaptationTable(StudyCsv.Read(adaptation)));
        }

        var example = Path.Combine(studyFolder, ReportFigures.ExamplePatientFile);
        if (File.Exists(example))
        {
            blocks.Add(new HeadingBlock(2, "Example patient"));
            blocks.Add(ExamplePatientParagraph(StudyCsv.Read(example)));
        }

        blocks.Add(new HeadingBlock(2, "Figures"));
        blocks.AddRange(figures.Select(f => new FigureBlock(f)));

        var manifest = Path.Combine(studyFolder, "manifest.json");
        if (File.Exists(manifest))
        {
            blocks.Add(new HeadingBlock(2, "Manifest"));
            blocks.Add(ManifestTable(manifest));
        }
        return blocks;
    }

    /// <summary>
    /// Each arm on clean inputs next to the same fitted arm deciding from degraded records (robustness.csv rows are
    /// named "arm (condition)"), and one sentence per condition and headline metric against the clean run.
    /// </summary>
    public static IReadOnlyList<ReportBlock> RobustnessBlocks(IReadOnlyList<ArmMetrics> clean, IReadOnlyList<ArmMetrics> degraded)
    {
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock(2, "Robustness"),
            new ParagraphBlock("Each arm is fitted once on clean training data, then decides for the same test patients from degraded " +
                "observed records; its plans run on the same true twins with the same noise. Rows: clean inputs, then each condition."),
        };
        var rows = new List<ArmMetrics>();
        var sentences = new List<string>();
        foreach (var arm in clean)
        {
            var conditions = degraded.Where(d => d.Method.StartsWith(arm.Method + " (", StringComparison.Ordinal)).ToList();
            if (conditions.Count == 0) continue;
            rows.Add(arm);
            rows.AddRange(conditions);
            sentences.AddRange(conditions.SelectMany(d => ReportMetric.All
                .Where(m => m.Column is "decision_accuracy" or "gain_captured" or "violation_rate")
                .Select(m => ResultsNarrative.ComparisonSentence(m, arm, "clean inputs", d))).OfType<string>());
        }
        blocks.Add(Table(rows, ["decision_accuracy", "response_rate", "violation_rate", "cvar90_cost", "gain_captured", "ece"]));
        if (sentences.Count > 0) blocks.Add(new BulletsBlock(sentences));
        return blocks;
    }

    /// <summary>One row per arm, one column per metric as "estimate [lo, hi]", then patients and seeds.</summary>
    public static TableBlock Table(IReadOnlyList<ArmMetrics> arms, IReadOnlyList<string> columns)
    {
        var metrics = columns.Select(c => ReportMetric.All.Single(m => m.Column == c)).ToList();
        var header = new List<string> { "Method" };
        header.AddRange(metrics.Select(m => m.Heading));
        header.Add("Patients");
        header.Add("Seeds");
        var rows = arms.Select(a =>
        {
            var row = new List<string> { a.Method };
            row.AddRange(metrics.Select(m => a.Metrics.TryGetValue(m.Column, out var e) ? m.PrintWithInterval(e) : "n/a"));
            row.Add(a.Patients.ToString(C));
            row.Add(a.Seeds.ToString(C));
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new TableBlock(header, rows);
    }

    /// <summary>Per initialisation: patients, mean J/J* before adaptation and after the last update, mean updates to reach the target.</summary>
    public static TableBlock AdaptationTable(StudyCsv csv)
    {
        var points = Enumerable.Range(0, csv.Rows.Count).Select(r => (
            Init: csv.Text(r, "initialisation"), Patient: csv.Text(r, "patient_id"), Update: (int)csv.Number(r, "update"),
            Ratio: csv.Number(r, "value") / csv.Number(r, "oracle_value"), Reach: csv.Number(r, "updates_to_reach"))).ToList();
        var rows = points.GroupBy(p => p.Init).Select(g =>
        {
            var last = g.Max(p => p.Update);
            var perPatient = g.GroupBy(p => p.Patient).Select(pg => pg.First().Reach).Where(double.IsFinite).ToList();
            return (IReadOnlyList<string>)
            [
                g.Key, g.Select(p => p.Patient).Distinct().Count().ToString(C),
                g.Where(p => p.Update == 0).Select(p => p.Ratio).DefaultIfEmpty(double.NaN).Average().ToString("F3", C),
                last.ToString(C), g.Where(p => p.Update == last).Select(p => p.Ratio).DefaultIfEmpty(double.NaN).Average().ToString("F3", C),
                perPatient.Count == 0 ? "n/a" : perPatient.Average().ToString("F2", C),
            ];
        }).ToList();
        return new TableBlock(["Initialisation", "Patients", "Mean J/J* at update 0", "Last update", "Mean J/J* at last update", "Mean updates to reach"], rows);
    }

    /// <summary>Which patient the example figures show, why, and each plan with its share of twin samples alive at the end and median final SLD.</summary>
    public static ParagraphBlock ExamplePatientParagraph(StudyCsv csv)
    {
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

    /// <summary>The manifest's top-level fields, nested values as compact JSON.</summary>
    public static TableBlock ManifestTable(string path)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e); }
        if (node is not JsonObject obj) throw new InvalidDataException($"{path}: expected a JSON object at the top level.");
        var rows = obj.Select(p => (IReadOnlyList<string>)[p.Key, p.Value is JsonValue v ? v.ToString() : p.Value?.ToJsonString() ?? "null"]).ToList();
        return new TableBlock(["Field", "Value"], rows);
    }
}
