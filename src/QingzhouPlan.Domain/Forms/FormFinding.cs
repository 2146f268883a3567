namespace QingzhouPlan.Domain.Forms;

/// <summary>
/// What the check of a form found at a row and column, in the words of the form (第5行「本期数」不是数字).
/// An error stops the form; a note is kept with the answer and stops nothing. <see cref="Cell"/> is the
/// cell's address (指标!I5) where the reader knows it.
/// </summary>
[GenerateSerializer, Immutable, Alias("FormFinding")]
public sealed record FormFinding(
    [property: Id(0)] string Sheet,
    [property: Id(1)] int Row,
    [property: Id(2)] string? Column,
    [property: Id(3)] string Message,
    [property: Id(4)] FindingSeverity Severity,
    [property: Id(5)] string? Cell = null)
{
    public static FormFinding Error(string sheet, int row, string? column, string message) =>
        new(sheet, row, column, Describe(row, column, message), FindingSeverity.Error);

    public static FormFinding Note(string sheet, int row, string? column, string message) =>
        new(sheet, row, column, Describe(row, column, message), FindingSeverity.Note);

    /// <summary>A finding about the whole file (row 0): another department's form, a template no longer accepted.</summary>
    public static FormFinding OfFile(string message, FindingSeverity severity = FindingSeverity.Error) => new("", 0, null, message, severity);

    private static string Describe(int row, string? column, string message) =>
        column is null ? $"第{row}行：{message}" : $"第{row}行「{column}」{message}";
}

public enum FindingSeverity
{
    Error,
    Note,
}
