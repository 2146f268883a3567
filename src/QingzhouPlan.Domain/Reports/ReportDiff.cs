namespace QingzhouPlan.Domain.Reports;

/// <summary>What changed in one period's report between two instants, and the changes that did it.</summary>
public sealed record ReportDiff(string Period, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<LineChange> Changes);

public sealed record LineChange(
    string Code,
    string Name,
    string What,
    string? Before,
    string? After,
    IReadOnlyList<Audit.HistoryEntry> Because);

public static class ReportComparison
{
    /// <summary>Compares two reports of one period line by line; <paramref name="between"/> holds each item's history entries recorded between them.</summary>
    public static ReportDiff Between(ExecutionReport before, ExecutionReport after, IReadOnlyDictionary<string, IReadOnlyList<Audit.HistoryEntry>> between)
    {
        var changes = new List<LineChange>();
        var old = before.Indicators.ToDictionary(i => i.Code);
        foreach (var line in after.Indicators)
        {
            old.TryGetValue(line.Code, out var was);
            var because = between.GetValueOrDefault(line.Code) ?? [];
            if (was?.Value != line.Value)
                changes.Add(new LineChange(line.Code, line.Name, "value", Show(was?.Value, line.Unit), Show(line.Value, line.Unit), because));
            if (was?.TargetText != line.TargetText)
                changes.Add(new LineChange(line.Code, line.Name, "target", was?.TargetText, line.TargetText, because));
            if (was?.Status != line.Status)
                changes.Add(new LineChange(line.Code, line.Name, "status", was?.Status.ToString(), line.Status.ToString(), because));
            if ((was?.Verified ?? false) != line.Verified)
                changes.Add(new LineChange(line.Code, line.Name, "verified", (was?.Verified ?? false).ToString(), line.Verified.ToString(), because));
        }
        var oldTasks = before.Tasks.ToDictionary(t => t.Code);
        foreach (var task in after.Tasks)
            if (oldTasks.GetValueOrDefault(task.Code)?.Status is var s && s != task.Status)
                changes.Add(new LineChange(task.Code, task.Text, "task status", s?.ToString(), task.Status.ToString(),
                    between.GetValueOrDefault(task.Code) ?? []));
        return new ReportDiff(after.Period, before.AsOf, after.AsOf, changes);
    }

    /// <summary>
    /// Each item's history entries recorded after <paramref name="start"/> and up to <paramref name="end"/> that bear on
    /// the report for <paramref name="period"/>: about the item's period ending with it, or about no period at all (a
    /// target adjustment, a task's progress). The reasons a change shows are these, for the diff and the document alike.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Audit.HistoryEntry>> Between(
        IEnumerable<Audit.RecordedEvent> known, Periods.Period period, DateTimeOffset start, DateTimeOffset end) =>
        known.GroupBy(e => e.Stream).ToDictionary(
            g => Plans.PlanKeys.Split(g.Key).Code,
            g => (IReadOnlyList<Audit.HistoryEntry>)Audit.History.Of(g.OrderBy(e => e.Version))
                .Where(h => h.RecordedAt > start && h.RecordedAt <= end && Concerns(h, period)).ToList());

    private static bool Concerns(Audit.HistoryEntry change, Periods.Period report) =>
        change.Period is null || (Periods.Period.TryParse(change.Period, out var p, out _) && p.EndsWith(report));

    // Digits without trailing zeros (15, not 15.0) and the same on every machine.
    private static string? Show(decimal? value, string unit) => value is { } v ? $"{v.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture)} {unit}" : null;
}
