namespace DtSmdrl.Pipeline.Report;

/// <summary>One piece of the report, rendered both to Markdown and to HTML so the two stay the same document.</summary>
public abstract record ReportBlock;

/// <summary>A heading of level 1 to 3.</summary>
public sealed record HeadingBlock(int Level, string Text) : ReportBlock;

/// <summary>A paragraph of plain text.</summary>
public sealed record ParagraphBlock(string Text) : ReportBlock;

/// <summary>A bulleted list of plain-text items.</summary>
public sealed record BulletsBlock(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>A table: header cells and rows of cells.</summary>
public sealed record TableBlock(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

/// <summary>A figure: Markdown links the PNG by relative path, HTML embeds it as base64.</summary>
public sealed record FigureBlock(ReportFigure Figure) : ReportBlock;

/// <summary>An SVG-only figure: Markdown links the SVG by relative path, HTML inlines the SVG markup.</summary>
public sealed record SvgFigureBlock(SvgFigure Figure) : ReportBlock;
