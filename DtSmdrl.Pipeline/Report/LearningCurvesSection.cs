using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Agent.Arms;
using ScottPlot;

namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// The report's learning-curves section, drawn from learning_curves.csv and convergence.csv when the study wrote them:
/// two figures (mean training return and mean training cost against env steps, one line per arm and training seed,
/// colour by arm), the convergence table, and one sentence per arm with a seed whose curve had not plateaued.
/// </summary>
public static class LearningCurvesSection
{
    private const int Width = 900;
    private const int Height = 520;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The return and cost figures, or none when the study wrote no learning_curves.csv.</summary>
    public static IReadOnlyList<ReportFigure> Figures(string studyFolder, string figureFolder)
    {
        var path = Path.Combine(studyFolder, LearningCurveFiles.CurvesFile);
        if (!File.Exists(path)) return [];
        var curves = LearningCurveFiles.ReadCurves(path);
        if (curves.Count == 0) return [];
        return
        [
            Figure(figureFolder, curves, cost: false, "fig_learning_curves_return",
                "Learning curves: mean training episode return against environment steps, one line per arm and training seed."),
            Figure(figureFolder, curves, cost: true, "fig_learning_curves_cost",
                "Learning curves: mean training episode cost (toxicity) against environment steps, one line per arm and training seed."),
        ];
    }

    /// <summary>The section's blocks, or none when the study wrote no convergence.csv.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(string studyFolder)
    {
        var path = Path.Combine(studyFolder, LearningCurveFiles.ConvergenceFile);
        if (!File.Exists(path)) return [];
        var rows = LearningCurveFiles.ReadConvergence(path);
        if (rows.Count == 0) return [];
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock(2, "Learning curves and convergence"),
            new ParagraphBlock("Per learned arm and training seed (learning_curves.csv, convergence.csv): convergence is the first point where the " +
                "trailing moving average of the training return reaches 95% of the final plateau (mean of the last 10% of points); " +
                "\"plateaued\" means the mean return of the last 10% of points is within two standard errors of the 10% before, " +
                "i.e. no evidence that the curve was still changing when the training budget ran out. Seconds are wall-clock."),
            Table(rows),
        };
        var budget = $"the {ProfileName(studyFolder)} profile's budget";
        var sentences = rows.GroupBy(r => r.Method)
            .Where(g => g.Any(r => !r.Plateaued))
            .Select(g =>
            {
                var open = g.Where(r => !r.Plateaued).Select(r => r.Seed.ToString(C)).ToList();
                return $"{g.Key} has not plateaued at {budget} ({open.Count} of {g.Count()} training seeds: {string.Join(", ", open)}); " +
                    "its results may understate what the arm reaches with more training.";
            }).ToList();
        blocks.Add(sentences.Count > 0
            ? new BulletsBlock(sentences)
            : new ParagraphBlock($"Every learned arm's curve had plateaued at {budget} for every training seed."));
        return blocks;
    }

    /// <summary>One row per arm and seed: reached, env steps and seconds to convergence, plateau, target, plateaued.</summary>
    public static TableBlock Table(IReadOnlyList<ConvergenceRow> rows) => new(
        ["Method", "Seed", "Converged", "Env steps", "Seconds", "Plateau return", "Target", "Plateaued"],
        rows.Select(r => (IReadOnlyList<string>)
        [
            r.Method, r.Seed.ToString(C), r.Reached ? "yes" : "no",
            double.IsFinite(r.EnvSteps) ? r.EnvSteps.ToString("F0", C) : "n/a",
            double.IsFinite(r.Seconds) ? r.Seconds.ToString("F1", C) : "n/a",
            double.IsFinite(r.Plateau) ? r.Plateau.ToString("F3", C) : "n/a",
            double.IsFinite(r.Target) ? r.Target.ToString("F3", C) : "n/a",
            r.Plateaued ? "yes" : "no",
        ]).ToList());

    private static ReportFigure Figure(string folder, IReadOnlyList<SeedCurve> curves, bool cost, string stem, string caption)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = curves.Select(c => c.Method).Distinct().ToList();
        foreach (var curve in curves)
        {
            var points = curve.Points.Where(p => double.IsFinite(cost ? p.Cost : p.Return)).ToList();
            if (points.Count == 0) continue;
            var colour = palette.GetColor(methods.IndexOf(curve.Method));
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.EnvSteps).ToArray(), points.Select(p => cost ? p.Cost : p.Return).ToArray(), colour);
            line.LineWidth = 1.5f;
            // One legend entry per arm: the first seed's line carries it.
            if (curves.First(c => c.Method == curve.Method) == curve) line.LegendText = curve.Method;
        }
        plot.XLabel("Environment steps");
        plot.YLabel(cost ? "Mean training episode cost" : "Mean training episode return");
        plot.Title(cost ? "Training cost" : "Training return");
        plot.ShowLegend(cost ? Alignment.UpperRight : Alignment.LowerRight);
        var png = Path.Combine(folder, stem + ".png");
        var svg = Path.Combine(folder, stem + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return new ReportFigure(stem, caption, png, svg);
    }

    // The manifest's profile name ("quick", "full"), or "study" when there is no manifest.
    private static string ProfileName(string studyFolder)
    {
        var path = Path.Combine(studyFolder, "manifest.json");
        if (!File.Exists(path)) return "study";
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["profile"]?.GetValue<string>() ?? "study";
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }
}
