namespace DtSmdrl.Pipeline.Report;

/// <summary>A figure written to the report folder: file stem (PNG and SVG share it), caption, and the files.</summary>
public sealed record ReportFigure(string Stem, string Caption, string PngPath, string SvgPath);
