using QingzhouPlan.Domain.Forms;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// A filled-in form as read: its header, the rows that say something, what the reading found, the items it
/// was issued with, and where each heading was found (to name a cell, 指标!I5).
/// </summary>
public sealed record FormReading(
    FormHeader? Header,
    IReadOnlyList<FormEntry> Entries,
    IReadOnlyList<FormFinding> Findings,
    IReadOnlyDictionary<(string Sheet, string Heading), string> ColumnLetters)
{
    public static FormReading Failed(string problem) => new(null, [], [FormFinding.OfFile(problem)], new Dictionary<(string, string), string>());

    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>The finding with its cell's address, when the heading it names was found.</summary>
    public FormFinding Located(FormFinding finding) =>
        finding.Column is { } column && finding.Row > 0 && ColumnLetters.TryGetValue((finding.Sheet, column), out var letter)
            ? finding with { Cell = $"{finding.Sheet}!{letter}{finding.Row}" }
            : finding;
}
