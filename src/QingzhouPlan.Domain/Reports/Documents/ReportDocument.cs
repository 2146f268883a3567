namespace QingzhouPlan.Domain.Reports.Documents;

/// <summary>
/// The execution report as people read it (执行情况): a title block, then headings, paragraphs, tables and charts in
/// reading order, and the line every page's footer carries (the edition and its proof). Built once from the as-of
/// report, and drawn the same by every writer (PDF, DOCX), so the two formats cannot tell different stories.
/// <see cref="Stamp"/> is the instant the document is of (the as-of instant, or the edition's publication), the only
/// date a writer may put in the file, so one edition always renders to the same bytes.
/// </summary>
public sealed record ReportDocument(string Title, string Subtitle, string Footer, DateTimeOffset Stamp, IReadOnlyList<DocumentBlock> Blocks);

public abstract record DocumentBlock
{
    private DocumentBlock() { }

    /// <summary>A numbered heading: level 1 一、, level 2 （一）, level 3 1.; the number is part of the text.</summary>
    public sealed record Heading(int Level, string Text) : DocumentBlock;

    public sealed record Paragraph(string Text) : DocumentBlock;

    /// <summary>A table whose headers carry their units (单位); <see cref="Caption"/> sits above it.</summary>
    public sealed record Table(string Caption, IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : DocumentBlock;

    /// <summary>One indicator through the year: its figures against 序时进度 and the target, period by period.</summary>
    public sealed record Chart(string Title, string Unit, IReadOnlyList<string> Periods, IReadOnlyList<ChartSeries> Series) : DocumentBlock;
}

/// <summary>A column: its header, its share of the table's width, and whether its cells are numbers (right-aligned).</summary>
public sealed record TableColumn(string Header, double Width, bool Numeric = false);

/// <summary>A line of a chart; a missing value leaves a gap. <see cref="Kind"/> tells the writers how to draw it.</summary>
public sealed record ChartSeries(string Name, ChartLine Kind, IReadOnlyList<decimal?> Values);

public enum ChartLine
{
    /// <summary>The reported figures: a solid line with marks.</summary>
    Actual,

    /// <summary>序时进度: a dashed line.</summary>
    Expected,

    /// <summary>The target in force: steps where it was adjusted.</summary>
    Target,
}
