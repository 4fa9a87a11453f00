namespace DtSmdrl.Pipeline.Report;

/// <summary>A figure written as SVG only, with its own title and description: Markdown links the file, HTML inlines it so its text stays text.</summary>
public sealed record SvgFigure(string Stem, string Caption, string SvgPath);
