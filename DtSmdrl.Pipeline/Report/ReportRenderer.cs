using System.Net;
using System.Text;

namespace DtSmdrl.Pipeline.Report;

/// <summary>Renders report blocks as Markdown (figures by relative path) or as one self-contained HTML page (inline CSS, base64 PNGs, inline SVGs, no external reference).</summary>
public static class ReportRenderer
{
    /// <summary>GitHub-flavoured Markdown with "\n" line ends.</summary>
    public static string Markdown(IReadOnlyList<ReportBlock> blocks, string reportFolder)
    {
        var md = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock h: md.Append(new string('#', h.Level)).Append(' ').Append(Inline(h.Text)).Append("\n\n"); break;
                case ParagraphBlock p: md.Append(Inline(p.Text)).Append("\n\n"); break;
                case BulletsBlock b:
                    foreach (var item in b.Items) md.Append("- ").Append(Inline(item)).Append('\n');
                    md.Append('\n');
                    break;
                case TableBlock t:
                    md.Append("| ").Append(string.Join(" | ", t.Header.Select(Cell))).Append(" |\n");
                    md.Append('|').Append(string.Concat(t.Header.Select(_ => "---|"))).Append('\n');
                    foreach (var row in t.Rows) md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
                    md.Append('\n');
                    break;
                case FigureBlock f:
                    var relative = Path.GetRelativePath(reportFolder, f.Figure.PngPath).Replace('\\', '/');
                    md.Append("![").Append(f.Figure.Stem).Append("](").Append(relative).Append(")\n\n*").Append(Inline(f.Figure.Caption)).Append("*\n\n");
                    break;
                case SvgFigureBlock s:
                    var svg = Path.GetRelativePath(reportFolder, s.Figure.SvgPath).Replace('\\', '/');
                    md.Append("![").Append(s.Figure.Stem).Append("](").Append(svg).Append(")\n\n*").Append(Inline(s.Figure.Caption)).Append("*\n\n");
                    break;
            }
        }
        return md.ToString();
    }

    /// <summary>A complete HTML page that opens offline: inline CSS, every figure as a data: URI.</summary>
    public static string Html(IReadOnlyList<ReportBlock> blocks, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n")
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}th,td{border:1px solid #bbb;padding:0.3em 0.6em;text-align:right}\n")
            .Append("td{white-space:nowrap}td.t{text-align:left;white-space:normal}th{background:#f0f0f0;text-align:left;vertical-align:bottom}figure{margin:1.5em 0}img{max-width:100%}\n")
            .Append("figcaption{font-style:italic;font-size:0.9em}svg{max-width:100%;height:auto}\n</style>\n</head>\n<body>\n");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock h: html.Append($"<h{h.Level}>").Append(E(h.Text)).Append($"</h{h.Level}>\n"); break;
                case ParagraphBlock p: html.Append("<p>").Append(E(p.Text)).Append("</p>\n"); break;
                case BulletsBlock b:
                    html.Append("<ul>\n");
                    foreach (var item in b.Items) html.Append("<li>").Append(E(item)).Append("</li>\n");
                    html.Append("</ul>\n");
                    break;
                case TableBlock t:
                    html.Append("<table>\n<tr>").Append(string.Concat(t.Header.Select(c => "<th>" + E(c) + "</th>"))).Append("</tr>\n");
                    foreach (var row in t.Rows) html.Append("<tr>").Append(string.Concat(row.Select(HtmlCell))).Append("</tr>\n");
                    html.Append("</table>\n");
                    break;
                case FigureBlock f:
                    html.Append("<figure><img alt=\"").Append(E(f.Figure.Caption)).Append("\" src=\"data:image/png;base64,")
                        .Append(Convert.ToBase64String(File.ReadAllBytes(f.Figure.PngPath)))
                        .Append("\"><figcaption>").Append(E(f.Figure.Caption)).Append("</figcaption></figure>\n");
                    break;
                case SvgFigureBlock s:
                    // Inline, so the figure's text stays selectable and readable by a screen reader; an inline <svg> needs
                    // no namespace attribute in HTML, and dropping it keeps the page free of any URL.
                    html.Append("<figure>").Append(File.ReadAllText(s.Figure.SvgPath).Replace(" xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal))
                        .Append("<figcaption>").Append(E(s.Figure.Caption)).Append("</figcaption></figure>\n");
                    break;
            }
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    // Numbers right-aligned, an estimate's interval on its own line ("62.5%" over "[58.8, 66.2]"); text left-aligned and wrapping.
    private static string HtmlCell(string text) =>
        text == "n/a" || text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '+' or '-')
            ? "<td>" + E(text).Replace(" [", "<br>[", StringComparison.Ordinal) + "</td>"
            : "<td class=\"t\">" + E(text) + "</td>";

    private static string Cell(string text) => Inline(text).Replace("|", "\\|").Replace("\n", " ");

    // Plain text in Markdown: the report writes V* and V_hold, and a literal '*' would open or close emphasis.
    private static string Inline(string text) => text.Replace("*", "\\*", StringComparison.Ordinal);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
