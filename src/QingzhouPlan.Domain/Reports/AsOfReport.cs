using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Domain.Reports;

/// <summary>
/// Builds an execution report from the events that were known at the report's instant (the caller
/// chooses them: recorded at or before T, or up to an edition's pinned versions). Each item's events are
/// folded by the item's own state, which decides the target that governs the period and the department
/// that owned the item then — the same answers the live status and the InfluxDB points give.
/// </summary>
public static class AsOfReport
{
    public static ExecutionReport Build(string planId, Period period, DateTimeOffset asOf, IEnumerable<RecordedEvent> known) =>
        Build(planId, period, asOf, known, new Dictionary<string, ItemSnapshot>());

    /// <summary>
    /// The same, with items whose history starts from a snapshot: their events after it are folded onto its
    /// state. A snapshot recorded after the instant is not used (its state may hold what was not yet known).
    /// </summary>
    public static ExecutionReport Build(
        string planId, Period period, DateTimeOffset asOf, IEnumerable<RecordedEvent> known, IReadOnlyDictionary<string, ItemSnapshot> snapshots)
    {
        var indicators = new List<IndicatorLine>();
        var tasks = new List<TaskLine>();
        var errors = new List<ItemError>();
        var byStream = known.ToLookup(e => e.Stream);
        foreach (var stream in byStream.Select(g => g.Key).Union(snapshots.Keys))
        {
            var start = snapshots.GetValueOrDefault(stream) is { } snapshot && snapshot.KnownBy <= asOf ? snapshot : null;
            var after = start?.Version ?? 0;
            var events = byStream[stream].Where(e => e.Version > after).OrderBy(e => e.Version).Select(e => (e.Data, e.RecordedAt)).ToList();
            try
            {
                switch (start, events.FirstOrDefault().Data)
                {
                    case ({ Indicator: { } indicator }, _):
                        indicators.Add(Line(events.Aggregate(indicator, (s, e) => s.Apply(e.Data, e.RecordedAt)), period));
                        break;
                    case ({ Task: { } task }, _):
                        tasks.Add(Line(events.Aggregate(task, (s, e) => s.Apply(e.Data, e.RecordedAt)), period));
                        break;
                    case (null, IndicatorDefined):
                        indicators.Add(Line(IndicatorState.From(events), period));
                        break;
                    case (null, TaskDefined):
                        tasks.Add(Line(TaskState.From(events), period));
                        break;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or ArithmeticException or InvalidOperationException)
            {
                // One item the rules cannot judge is an error line, not a failed report.
                errors.Add(new ItemError(Plans.PlanKeys.Split(stream).Code, ex.Message));
            }
        }
        return new ExecutionReport(planId, period.ToString(), asOf,
            indicators.OrderBy(i => i.Code, StringComparer.Ordinal).ToList(),
            tasks.OrderBy(t => t.Code, StringComparer.Ordinal).ToList(),
            errors.OrderBy(e => e.Code, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// One indicator's line of the report for a period, from its state: its own period ending with the report's,
    /// assessed as the live status assesses it (no target in force, no assessment: NoData).
    /// </summary>
    public static IndicatorLine Line(IndicatorState state, Period report)
    {
        var d = state.Definition!;
        var own = Calendar.ReportingCalendar.OwnPeriod(d.Frequency, report);
        var period = own ?? report;
        Figure? figure = null;
        if (own is { } p)
            state.Figures.TryGetValue(p, out figure);
        var target = state.TargetFor(period)?.Target;
        var assessment = state.Assess(period);
        return new IndicatorLine(d.Code, d.Name, d.Chapter, state.OwnerFor(period) ?? "", d.Unit, own?.ToString(), figure?.Value,
            figure?.Verified ?? false, target?.Value, target?.Describe(d.Unit), assessment?.Expected, assessment?.Completion,
            assessment?.Status ?? ProgressStatus.NoData, state.Version);
    }

    public static TaskLine Line(TaskState state, Period report)
    {
        var d = state.Definition!;
        return new TaskLine(d.Code, d.Text, d.Chapter, state.OwnerFor(report) ?? "", state.Status, state.Version);
    }
}
