using System.Globalization;
using System.Security;
using System.Text;

namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// The paired-difference forest plot (paired.csv): one panel per metric, one row per compared row, the point estimate
/// of "subject minus row" with its 95% paired bootstrap interval and the zero line. Hand-written SVG so it is
/// accessible and self-contained: a title and a description that lists every number, every meaning in text (row
/// labels, printed intervals, a verdict column, the favoured direction per panel), never in colour alone.
/// </summary>
public static class ForestPlot
{
    /// <summary>The metrics the figure shows, top to bottom.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["gain_captured", "qtwist_days", "decision_accuracy", "violation_rate"];

    private const double PlotWidth = 325;
    private const double RowHeight = 24;

    // Average advance of a 12 px sans-serif character: sizes the label and verdict columns to their longest text.
    private const double CharWidth = 7.0;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>
    /// Writes figures/{stem}.svg with <paramref name="subject"/> minus each of <paramref name="others"/>; null (no file)
    /// when paired.csv holds none of those pairs.
    /// </summary>
    public static SvgFigure? Write(string folder, string stem, string caption, string subject, IReadOnlyList<string> others, IReadOnlyList<PairedDifference> paired)
    {
        var svg = Svg(stem, subject, others, paired);
        if (svg is null) return null;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, stem + ".svg");
        File.WriteAllText(path, svg, new UTF8Encoding(false));
        return new SvgFigure(stem, caption, path);
    }

    /// <summary>The SVG document, or null when no pair of subject and another row is in paired.csv.</summary>
    public static string? Svg(string stem, string subject, IReadOnlyList<string> others, IReadOnlyList<PairedDifference> paired)
    {
        ArgumentNullException.ThrowIfNull(others);
        var panels = Metrics.Select(ReportMetric.Of)
            .Select(m => (Metric: m, Rows: others.Where(o => o != subject)
                .Select(o => (Other: o, Difference: PairedDifference.Find(paired, subject, o, m.Column)))
                .Where(r => r.Difference is not null).Select(r => (r.Other, Difference: r.Difference!)).ToList()))
            .Where(p => p.Rows.Count > 0).ToList();
        if (panels.Count == 0) return null;

        string Label(string other) => StudyRows.IsReference(other) ? $"{subject} − {other} (reference)" : $"{subject} − {other}";
        var labelRight = 10 + CharWidth * panels.SelectMany(p => p.Rows).Max(r => Label(r.Other).Length);
        var plotLeft = labelRight + 15;
        var plotRight = plotLeft + PlotWidth;
        var valueLeft = plotRight + 15;
        var verdictLeft = valueLeft + 175;
        var width = Math.Ceiling(Math.Max(verdictLeft + CharWidth * ("favours ".Length + panels.SelectMany(p => p.Rows).Max(r => Math.Max(subject.Length, r.Other.Length))) + 10, 900));

        var title = $"Paired differences: {subject} minus each row";
        var desc = new StringBuilder($"Forest plot of paired differences, {subject} minus each row, over the same test patients and replicates, with 95% paired bootstrap intervals; a row is favoured only when its interval excludes 0.");
        var body = new StringBuilder();
        var y = 56.0;
        foreach (var (metric, rows) in panels)
        {
            var unit = metric.DifferenceUnit.Length > 0 ? $"difference in {metric.DifferenceUnit}" : "difference";
            var side = metric.HigherIsBetter ? "right" : "left";
            var better = metric.HigherIsBetter ? "higher is better" : "lower is better";
            var heading = $"{metric.Heading} ({unit}; {better}: {side} of 0 favours {subject})";
            desc.Append(C, $" {metric.Heading}, {unit}, {better}:");
            body.Append(C, $"<text x=\"10\" y=\"{y + 14:F1}\" font-weight=\"bold\" font-size=\"13\">{X(heading)}</text>\n");
            y += 26;

            var values = rows.SelectMany(r => new[] { r.Difference.Difference, r.Difference.Lower, r.Difference.Upper })
                .Where(double.IsFinite).Select(metric.Scaled).Append(0.0).ToList();
            var (lo, hi, step) = Axis(values.Min(), values.Max());
            double Px(double v) => plotLeft + (v - lo) / (hi - lo) * PlotWidth;

            var top = y;
            foreach (var (other, d) in rows)
            {
                var mid = y + RowHeight / 2;
                var verdict = ResultsNarrative.Judge(metric, d) switch
                {
                    ResultsNarrative.Verdict.SubjectBetter => $"favours {subject}",
                    ResultsNarrative.Verdict.OtherBetter => $"favours {other}",
                    _ => "no difference shown",
                };
                var printed = metric.PrintDifferenceWithInterval(d.Difference, d.Lower, d.Upper);
                desc.Append(C, $" {subject} minus {other}: {printed}, {verdict};");
                body.Append(C, $"<text x=\"{labelRight:F1}\" y=\"{mid + 4:F1}\" text-anchor=\"end\">{X(Label(other))}</text>\n");
                if (double.IsFinite(d.Lower) && double.IsFinite(d.Upper))
                {
                    body.Append(C, $"<line x1=\"{Px(metric.Scaled(d.Lower)):F1}\" y1=\"{mid:F1}\" x2=\"{Px(metric.Scaled(d.Upper)):F1}\" y2=\"{mid:F1}\" stroke=\"#000\" stroke-width=\"1.5\"/>\n");
                    foreach (var end in new[] { d.Lower, d.Upper })
                        body.Append(C, $"<line x1=\"{Px(metric.Scaled(end)):F1}\" y1=\"{mid - 5:F1}\" x2=\"{Px(metric.Scaled(end)):F1}\" y2=\"{mid + 5:F1}\" stroke=\"#000\" stroke-width=\"1.5\"/>\n");
                }
                if (double.IsFinite(d.Difference))
                {
                    // Filled when the interval excludes 0, hollow otherwise: shape, not colour, carries the meaning (and the verdict column says it).
                    var fill = d.ExcludesZero ? "#000" : "#fff";
                    body.Append(C, $"<rect x=\"{Px(metric.Scaled(d.Difference)) - 5:F1}\" y=\"{mid - 5:F1}\" width=\"10\" height=\"10\" fill=\"{fill}\" stroke=\"#000\" stroke-width=\"1.5\"/>\n");
                }
                body.Append(C, $"<text x=\"{valueLeft:F1}\" y=\"{mid + 4:F1}\">{X(printed)}</text>\n");
                body.Append(C, $"<text x=\"{verdictLeft:F1}\" y=\"{mid + 4:F1}\">{X(verdict)}</text>\n");
                y += RowHeight;
            }

            // Frame, zero line and axis of the panel.
            body.Append(C, $"<rect x=\"{plotLeft:F1}\" y=\"{top:F1}\" width=\"{PlotWidth:F1}\" height=\"{y - top:F1}\" fill=\"none\" stroke=\"#888\"/>\n");
            body.Append(C, $"<line x1=\"{Px(0):F1}\" y1=\"{top:F1}\" x2=\"{Px(0):F1}\" y2=\"{y:F1}\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>\n");
            for (var t = lo; t <= hi + step / 2; t += step)
            {
                var tick = Math.Abs(t) < step / 1e6 ? 0 : t;
                body.Append(C, $"<line x1=\"{Px(tick):F1}\" y1=\"{y:F1}\" x2=\"{Px(tick):F1}\" y2=\"{y + 4:F1}\" stroke=\"#000\"/>\n");
                body.Append(C, $"<text x=\"{Px(tick):F1}\" y=\"{y + 16:F1}\" text-anchor=\"middle\" font-size=\"11\">{X(TickLabel(tick, step))}</text>\n");
            }
            y += 40;
        }
        var legend = "Square: point estimate, filled when the 95% interval excludes 0, hollow when it includes 0. Whiskers: 95% paired bootstrap interval. Dashed line: no difference (0).";
        body.Append(C, $"<text x=\"10\" y=\"{y + 4:F1}\" font-size=\"11\">{X(legend)}</text>\n");
        var height = y + 20;

        var svg = new StringBuilder();
        svg.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:F0}\" height=\"{height:F0}\" viewBox=\"0 0 {width:F0} {height:F0}\" role=\"img\" aria-labelledby=\"{stem}-title\" aria-describedby=\"{stem}-desc\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n");
        svg.Append(C, $"<title id=\"{stem}-title\">{X(title)}</title>\n");
        svg.Append(C, $"<desc id=\"{stem}-desc\">{X(desc.ToString())}</desc>\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        svg.Append(C, $"<text x=\"10\" y=\"28\" font-weight=\"bold\" font-size=\"16\">{X(title)} (95% paired bootstrap intervals)</text>\n");
        svg.Append(body);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>A domain that holds every value and 0, widened to whole multiples of a 1-2-5 tick step (about four steps).</summary>
    public static (double Lower, double Upper, double Step) Axis(double min, double max)
    {
        if (!(max > min)) { min -= 1; max += 1; }
        var raw = (max - min) / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(f => f * magnitude).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static string TickLabel(double tick, double step) =>
        tick.ToString(step >= 1 ? "0" : step >= 0.1 ? "0.0" : step >= 0.01 ? "0.00" : "0.000", C);

    private static string X(string text) => SecurityElement.Escape(text);
}
