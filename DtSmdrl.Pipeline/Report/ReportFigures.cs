using System.Globalization;
using DtSmdrl.Pipeline.Statistics;
using DtSmdrl.Pipeline.Study.Example;
using ScottPlot;

namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// Renders the report figures with ScottPlot 5 from the study folder's CSVs, each as PNG and SVG in "figures/".
/// Every figure is drawn only when its input exists; nothing time-dependent is drawn.
/// </summary>
public static class ReportFigures
{
    private const int Width = 900;
    private const int Height = 520;

    /// <summary>The example patient's trajectories (written by the study's example-patient step).</summary>
    public const string ExamplePatientFile = "example_patient.csv";

    /// <summary>Draws every figure whose inputs are present and returns them in report order.</summary>
    public static IReadOnlyList<ReportFigure> WriteAll(string studyFolder, IReadOnlyList<ArmMetrics> arms)
    {
        var folder = Path.Combine(studyFolder, "figures");
        Directory.CreateDirectory(folder);
        var figures = new List<ReportFigure>();
        var compared = StudyRows.Order(arms.Where(a => !StudyRows.IsAblation(a.Method)), a => a.Method);
        figures.Add(ModelComparison(folder, compared));
        var perPatient = Path.Combine(studyFolder, "per_patient.csv");
        if (File.Exists(perPatient))
        {
            var rows = PerPatientRow.Read(perPatient);
            figures.Add(Reliability(folder, rows));
            figures.Add(KaplanMeierPfs(folder, rows));
        }
        var perCycle = Path.Combine(studyFolder, "per_cycle.csv");
        if (File.Exists(perCycle)) figures.Add(ToxicityOverCycles(folder, StudyCsv.Read(perCycle)));
        var adaptation = Path.Combine(studyFolder, "adaptation.csv");
        if (File.Exists(adaptation)) figures.Add(AdaptationCurves(folder, StudyCsv.Read(adaptation)));
        figures.AddRange(LearningCurvesSection.Figures(studyFolder, folder));
        var importance = Path.Combine(studyFolder, "importance.csv");
        if (File.Exists(importance))
        {
            var csv = StudyCsv.Read(importance);
            var methods = Enumerable.Range(0, csv.Rows.Count).Select(r => csv.Text(r, "method")).Distinct().ToList();
            figures.AddRange(methods.Select((m, k) => Importance(folder, csv, m, k == 0 ? "fig_importance" : "fig_importance_" + Slug(m))));
        }
        var example = Path.Combine(studyFolder, ExamplePatientFile);
        if (File.Exists(example))
        {
            var csv = StudyCsv.Read(example);
            figures.Add(ExamplePatient(folder, csv, "sld"));
            figures.Add(ExamplePatient(folder, csv, "anc"));
        }
        return figures;
    }

    /// <summary>Figure 3: decision accuracy, gain captured and violation rate per row with 95% intervals (reference rows included, marked in the legend).</summary>
    public static ReportFigure ModelComparison(string folder, IReadOnlyList<ArmMetrics> arms)
    {
        var plot = new Plot();
        string[] columns = ["decision_accuracy", "gain_captured", "violation_rate"];
        string[] names = ["Decision accuracy", "Gain captured", "Violation rate"];
        var palette = new ScottPlot.Palettes.Category10();
        var groupWidth = arms.Count + 1;
        var whiskers = new List<(double X, double Lower, double Upper)>();
        for (var a = 0; a < arms.Count; a++)
        {
            var bars = new List<Bar>();
            for (var m = 0; m < columns.Length; m++)
            {
                if (!arms[a].Metrics.TryGetValue(columns[m], out var e) || double.IsNaN(e.Estimate)) continue;
                var x = m * groupWidth + a;
                bars.Add(new Bar { Position = x, Value = 100 * e.Estimate, FillColor = palette.GetColor(a) });
                if (double.IsFinite(e.Lower) && double.IsFinite(e.Upper)) whiskers.Add((x, 100 * e.Lower, 100 * e.Upper));
            }
            var series = plot.Add.Bars(bars);
            series.LegendText = StudyRows.IsReference(arms[a].Method) ? arms[a].Method + " (reference)" : arms[a].Method;
        }
        // Whiskers after the bars so the lower half is drawn on top of them.
        foreach (var (x, lower, upper) in whiskers)
        {
            var whisker = plot.Add.Line(x, lower, x, upper);
            whisker.Color = Colors.Black;
            whisker.LineWidth = 1.5f;
        }
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, columns.Length).Select(m => m * groupWidth + (arms.Count - 1) / 2.0).ToArray(), names);
        plot.YLabel("% (95% interval)");
        plot.Title("Decision accuracy, gain captured and violation rate");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, folder, "fig3_model_comparison", "Figure 3. Decision accuracy, gain captured (share of the achievable gain V* - V_hold delivered) and toxicity violation rate per row, reference rows included; whiskers are 95% bootstrap intervals. Bars left to right follow the legend's order.");
    }

    /// <summary>Figure 4: reliability diagram per arm, 15 equal-width bins of stated response probability (metrics.md).</summary>
    public static ReportFigure Reliability(string folder, IReadOnlyList<PerPatientRow> rows)
    {
        const int bins = 15;
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfect calibration";
        var palette = new ScottPlot.Palettes.Category10();
        var methods = rows.Select(r => r.Method).Distinct().Where(m => !StudyRows.IsAblation(m)).ToList();
        for (var k = 0; k < methods.Count; k++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            var mine = rows.Where(r => r.Method == methods[k] && double.IsFinite(r.StatedProbability)).ToList();
            for (var b = 0; b < bins; b++)
            {
                var inBin = mine.Where(r => Math.Min(bins - 1, (int)(r.StatedProbability * bins)) == b).ToList();
                if (inBin.Count == 0) continue;
                xs.Add(inBin.Average(r => r.StatedProbability));
                ys.Add(inBin.Average(r => r.Responded ? 1.0 : 0.0));
            }
            if (xs.Count == 0) continue;
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette.GetColor(k));
            line.LegendText = methods[k];
        }
        plot.XLabel("Stated response probability (bin mean)");
        plot.YLabel("Observed response rate");
        plot.Title("Reliability diagram (15 bins)");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, folder, "fig4_reliability", "Figure 4. Reliability: observed response (CR or PR) against the stated probability, 15 equal-width bins, all seeds pooled.");
    }

    /// <summary>Kaplan-Meier progression-free survival per arm, all seeds pooled.</summary>
    public static ReportFigure KaplanMeierPfs(string folder, IReadOnlyList<PerPatientRow> rows)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = rows.Select(r => r.Method).Distinct().Where(m => !StudyRows.IsAblation(m)).ToList();
        for (var k = 0; k < methods.Count; k++)
        {
            var (times, survival) = StepCurve(rows.Where(r => r.Method == methods[k]).ToList());
            var line = plot.Add.Scatter(times, survival, palette.GetColor(k));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LegendText = methods[k];
        }
        plot.XLabel("Days");
        plot.YLabel("Progression-free");
        plot.Title("Kaplan-Meier progression-free survival");
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerLeft);
        return Save(plot, folder, "fig_km_pfs", "Kaplan-Meier progression-free survival per arm (test patients, seeds pooled).");
    }

    /// <summary>Kaplan-Meier product-limit steps (<see cref="KaplanMeier"/>): (0, 1) then one point per distinct event time, ending at the last follow-up.</summary>
    public static (double[] Times, double[] Survival) StepCurve(IReadOnlyList<PerPatientRow> rows)
    {
        var times = new List<double> { 0 };
        var survival = new List<double> { 1 };
        if (rows.Count == 0) return (times.ToArray(), survival.ToArray());
        foreach (var point in KaplanMeier.Curve(rows.Select(r => r.PfsDays).ToArray(), rows.Select(r => r.PfsEvent).ToArray()).Where(p => p.Events > 0))
        {
            times.Add(point.TimeDays);
            survival.Add(point.Survival);
        }
        var lastFollowUp = rows.Max(r => r.PfsDays);
        if (lastFollowUp > times[^1]) { times.Add(lastFollowUp); survival.Add(survival[^1]); }
        return (times.ToArray(), survival.ToArray());
    }

    /// <summary>Mean toxicity cost per decision cycle per arm (per_cycle.csv), all seeds and test patients pooled.</summary>
    public static ReportFigure ToxicityOverCycles(string folder, StudyCsv csv)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var rows = Enumerable.Range(0, csv.Rows.Count)
            .Select(r => (Method: csv.Text(r, "method"), Cycle: (int)csv.Number(r, "cycle"), Cost: csv.Number(r, "cost")))
            .Where(r => !StudyRows.IsAblation(r.Method)).ToList();
        AddMeanLines(plot, palette, rows.Select(r => (r.Method, r.Cycle + 1, r.Cost)));
        plot.XLabel("Treatment cycle");
        plot.YLabel("Mean toxicity cost");
        plot.Title("Toxicity over cycles");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, folder, "fig_toxicity_cycles", "Mean toxicity cost per treatment cycle per arm (the last cycle includes follow-up).");
    }

    // One line per group (in order of first appearance): the mean of y at each x.
    private static void AddMeanLines(Plot plot, ScottPlot.IPalette palette, IEnumerable<(string Group, int X, double Y)> points)
    {
        var list = points.ToList();
        var groups = list.Select(p => p.Group).Distinct().ToList();
        for (var k = 0; k < groups.Count; k++)
        {
            var curve = list.Where(p => p.Group == groups[k]).GroupBy(p => p.X).OrderBy(g => g.Key).ToList();
            var line = plot.Add.Scatter(curve.Select(g => (double)g.Key).ToArray(), curve.Select(g => g.Average(p => p.Y)).ToArray(), palette.GetColor(k));
            line.LegendText = groups[k];
        }
    }

    /// <summary>Figure 5: continuation gain captured (%) over scans observed per arm with 95% intervals, and the 90% target (adaptation.csv).</summary>
    public static ReportFigure AdaptationCurves(string folder, StudyCsv csv)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var points = Enumerable.Range(0, csv.Rows.Count).Select(r => (
            Arm: csv.Text(r, "arm"), Scans: csv.Count(r, "scans_observed"), Gain: csv.Number(r, "gain_captured"),
            Lower: csv.Number(r, "gain_captured_lo"), Upper: csv.Number(r, "gain_captured_hi"))).Where(p => double.IsFinite(p.Gain)).ToList();
        var arms = points.Select(p => p.Arm).Distinct().ToList();
        for (var a = 0; a < arms.Count; a++)
        {
            // Arms side by side at each k, so their whiskers do not overlap.
            var offset = (a - (arms.Count - 1) / 2.0) * 0.06;
            var curve = points.Where(p => p.Arm == arms[a]).OrderBy(p => p.Scans).ToList();
            var line = plot.Add.Scatter(curve.Select(p => p.Scans + offset).ToArray(), curve.Select(p => 100 * p.Gain).ToArray(), palette.GetColor(a));
            line.LegendText = arms[a];
            foreach (var p in curve.Where(p => double.IsFinite(p.Lower) && double.IsFinite(p.Upper)))
            {
                var whisker = plot.Add.Line(p.Scans + offset, 100 * p.Lower, p.Scans + offset, 100 * p.Upper);
                whisker.Color = palette.GetColor(a);
                whisker.LineWidth = 1.5f;
            }
        }
        var target = plot.Add.HorizontalLine(90);
        target.Color = Colors.Gray;
        target.LinePattern = LinePattern.Dashed;
        target.LegendText = "90% (adapted)";
        plot.Axes.Bottom.SetTicks([0, 1, 2, 3], ["0", "1", "2", "3"]);
        plot.XLabel("Scans observed before the decision point");
        plot.YLabel("Continuation gain captured, % (95% interval)");
        plot.Title("Adaptation speed in observed scans");
        plot.ShowLegend(Edge.Bottom); // outside the axes: the curves reach every corner
        return Save(plot, folder, "fig5_adaptation", "Figure 5. Continuation gain captured per arm after 0 to 3 observed scans (adaptation.csv; the table of the adaptation section gives the same numbers): "
            + "the share of the perfect-information continuation's gain over no treatment that the arm's own continuation delivers from the true state it reached; whiskers are 95% paired bootstrap intervals, the dashed line is the 90% target.");
    }

    /// <summary>Global biomarker importance per regimen (importance.csv: method,regimen,feature,importance) of one method, top 10 features (the first method's figure is fig_importance).</summary>
    public static ReportFigure Importance(string folder, StudyCsv csv, string method, string stem)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var rows = Enumerable.Range(0, csv.Rows.Count).Where(r => csv.Text(r, "method") == method)
            .Select(r => (Regimen: csv.Text(r, "regimen"), Feature: csv.Text(r, "feature"), Importance: csv.Number(r, "importance"))).ToList();
        if (rows.Count == 0) throw new InvalidDataException($"{csv.Path}: no rows for method '{method}'.");
        var features = rows.GroupBy(r => r.Feature).OrderByDescending(g => g.Sum(r => Math.Abs(r.Importance))).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(10).Select(g => g.Key).ToList();
        var regimens = rows.Select(r => r.Regimen).Distinct().ToList();
        var groupWidth = regimens.Count + 1;
        for (var k = 0; k < regimens.Count; k++)
        {
            var bars = new List<Bar>();
            for (var f = 0; f < features.Count; f++)
            {
                var value = rows.Where(r => r.Regimen == regimens[k] && r.Feature == features[f]).Select(r => r.Importance).DefaultIfEmpty(0).Average();
                bars.Add(new Bar { Position = f * groupWidth + k, Value = value, FillColor = palette.GetColor(k) });
            }
            plot.Add.Bars(bars).LegendText = regimens[k];
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, features.Count).Select(f => f * groupWidth + (regimens.Count - 1) / 2.0).ToArray(), features.ToArray());
        // Feature names are long: rotate them and reserve room below the axis.
        plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 130;
        plot.Axes.Right.MinimumSize = 170;
        plot.YLabel("Global importance (mean |SHAP value|)");
        plot.Title($"{method}: biomarker importance per regimen (top 10)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0);
        return Save(plot, folder, stem, Height + 80, $"Global biomarker importance per regimen of {method} (importance.csv): mean absolute KernelSHAP attribution over the explained test patients, of "
            + (method == "DT-SMDRL" ? "the policy's first-decision probability of each regimen." : "the model's output for each regimen."));
    }

    /// <summary>
    /// The example patient (example_patient.csv): per plan, the median of <paramref name="quantity"/> ("sld" or "anc")
    /// over the twin samples alive that day with a 5-95% band, and the true twin under the recommended (first) plan dashed.
    /// </summary>
    public static ReportFigure ExamplePatient(string folder, StudyCsv csv, string quantity)
    {
        if (quantity is not ("sld" or "anc")) throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Expected \"sld\" or \"anc\".");
        if (csv.Rows.Count == 0) throw new InvalidDataException($"{csv.Path}: no rows.");
        var rows = Enumerable.Range(0, csv.Rows.Count).Select(r => new TrajectoryBand(csv.Text(r, "patient_id"), csv.Number(r, "observed_sld_mm"),
            csv.Text(r, "plan"), csv.Text(r, "plan_actions"), (int)csv.Number(r, "day"),
            csv.Number(r, "sld_p05"), csv.Number(r, "sld_p50"), csv.Number(r, "sld_p95"), csv.Number(r, "anc_p05"), csv.Number(r, "anc_p50"),
            csv.Number(r, "anc_p95"), csv.Number(r, "alive_fraction"), csv.Number(r, "true_sld"), csv.Number(r, "true_anc"))).ToList();
        var id = rows[0].PatientId;
        var sld = quantity == "sld";
        var plot = Trajectories(rows, quantity, $"Example patient {id}: twin {(sld ? "tumour burden" : "neutrophils")} by plan");
        var stem = sld ? "fig_example_patient" : "fig_example_patient_anc";
        return Save(plot, folder, stem, Height + 160, sld
            ? $"Example patient {id}: SLD of the twin samples from the patient's biomarker-conditioned prior under each plan (line: median over the samples alive that day, band: 5-95%), the true twin under the DT-SMDRL plan dashed; plans are open-loop over the decision cycles, then hold to the end of follow-up."
            : $"Example patient {id}: absolute neutrophil count of the same twin samples under each plan (median, 5-95% band), the true twin under the DT-SMDRL plan dashed; grade 3 neutropenia is ANC < 1.0 x 10^9/L.");
    }

    /// <summary>
    /// Twin trajectories by plan (the report's example patient and the clinician page's forecast): per plan the
    /// median of <paramref name="quantity"/> ("sld" or "anc") over the samples alive that day with its 5-95% band,
    /// the true twin under the first plan dashed when the rows carry it, and <paramref name="observed"/>
    /// measurements (day, value) as black points on top.
    /// </summary>
    public static Plot Trajectories(IReadOnlyList<TrajectoryBand> bands, string quantity, string title, IReadOnlyList<(double Day, double Value)>? observed = null)
    {
        ArgumentNullException.ThrowIfNull(bands);
        if (quantity is not ("sld" or "anc")) throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Expected \"sld\" or \"anc\".");
        var sld = quantity == "sld";
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var rows = bands.Select(r => (r.Plan, Actions: r.PlanActions, Day: (double)r.Day, Low: sld ? r.SldP05 : r.AncP05, Median: sld ? r.SldP50 : r.AncP50,
            High: sld ? r.SldP95 : r.AncP95, Truth: sld ? r.TrueSld : r.TrueAnc)).ToList();
        var plans = rows.Select(r => r.Plan).Distinct().ToList();
        for (var k = 0; k < plans.Count; k++)
        {
            var curve = rows.Where(r => r.Plan == plans[k] && double.IsFinite(r.Median)).OrderBy(r => r.Day).ToList();
            if (curve.Count == 0) continue;
            var days = curve.Select(r => r.Day).ToArray();
            var band = plot.Add.FillY(days, curve.Select(r => r.Low).ToArray(), curve.Select(r => r.High).ToArray());
            band.FillColor = palette.GetColor(k).WithAlpha(0.12);
            band.LineWidth = 0;
            var median = plot.Add.ScatterLine(days, curve.Select(r => r.Median).ToArray(), palette.GetColor(k));
            median.LineWidth = 2;
            median.LegendText = $"{plans[k]}: {curve[0].Actions}";
        }
        var truth = plans.Count == 0 ? [] : rows.Where(r => r.Plan == plans[0] && double.IsFinite(r.Truth)).OrderBy(r => r.Day).ToList();
        if (truth.Count > 0)
        {
            var line = plot.Add.ScatterLine(truth.Select(r => r.Day).ToArray(), truth.Select(r => r.Truth).ToArray(), Colors.Black);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.LegendText = $"True twin under {plans[0]}";
        }
        if (observed is { Count: > 0 })
        {
            var points = plot.Add.ScatterPoints(observed.Select(o => o.Day).ToArray(), observed.Select(o => o.Value).ToArray(), Colors.Black);
            points.MarkerSize = 9;
            points.MarkerShape = MarkerShape.FilledDiamond;
            points.LegendText = "Observed";
        }
        if (!sld)
        {
            var grade3 = plot.Add.HorizontalLine(1.0);
            grade3.Color = Colors.Gray;
            grade3.LinePattern = LinePattern.Dotted;
            grade3.LegendText = "Grade 3 neutropenia (ANC < 1.0)";
        }
        plot.XLabel("Day");
        plot.YLabel(sld ? "Sum of longest diameters (mm)" : "Absolute neutrophil count (10^9/L)");
        plot.Title(title);
        plot.Axes.Margins(bottom: 0);
        // The bands fill most of the frame, so the legend goes below it.
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    // A file-name-safe form of a method name, e.g. "Supervised Model" -> "supervised_model".
    private static string Slug(string name) => new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private static ReportFigure Save(Plot plot, string folder, string stem, string caption) => Save(plot, folder, stem, Height, caption);

    private static ReportFigure Save(Plot plot, string folder, string stem, int height, string caption)
    {
        var png = Path.Combine(folder, stem + ".png");
        var svg = Path.Combine(folder, stem + ".svg");
        plot.SavePng(png, Width, height);
        plot.SaveSvg(svg, Width, height);
        return new ReportFigure(stem, caption, png, svg);
    }
}
