using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Domain.Targets;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Domain.Reports;

/// <summary>
/// Builds an execution report from the events that were known at the report's instant (the caller
/// chooses them: recorded at or before T, or up to an edition's pinned versions). The target in force is
/// the latest one known whose effective date has come; the figure is the latest known about the period.
/// </summary>
public static class AsOfReport
{
    public static ExecutionReport Build(string planId, Period period, DateTimeOffset asOf, IEnumerable<RecordedEvent> known)
    {
        var today = PlanClock.Today(asOf);
        var indicators = new List<IndicatorLine>();
        var tasks = new List<TaskLine>();
        foreach (var stream in known.GroupBy(e => e.Stream))
        {
            var events = stream.OrderBy(e => e.Version).ToList();
            var version = events[^1].Version;
            switch (events[0].Data)
            {
                case IndicatorDefined:
                    var state = IndicatorState.From(events.Select(e => (e.Data, e.RecordedAt)));
                    indicators.Add(Line(state, TargetInForce(events, today), period, version));
                    break;
                case TaskDefined defined:
                    var task = events.Aggregate(TaskState.Empty, (s, e) => s.Apply(e.Data));
                    tasks.Add(new TaskLine(defined.Code, defined.Text, defined.Chapter, defined.OwnerDepartment, task.Status, version));
                    break;
            }
        }
        return new ExecutionReport(planId, period.ToString(), asOf,
            indicators.OrderBy(i => i.Code, StringComparer.Ordinal).ToList(),
            tasks.OrderBy(t => t.Code, StringComparer.Ordinal).ToList());
    }

    private static Target? TargetInForce(IEnumerable<RecordedEvent> events, DateOnly today) =>
        events.Select(e => e.Data switch
            {
                // The adopted target applies from the plan's start, whatever day it was adopted on.
                TargetSet s => s.Target,
                TargetAdjusted a when a.EffectiveFrom <= today => a.Target,
                _ => null,
            })
            .LastOrDefault(t => t is not null);

    /// <summary>
    /// The indicator's own period that ends with the report's: for the 1–6月 report a monthly indicator
    /// gives 2024-06, a quarterly one 2024-Q2, a half-yearly one 2024-H1; an annual one has none yet.
    /// </summary>
    public static Period? OwnPeriod(Frequency frequency, Period report) =>
        Calendar.ReportingCalendar.PeriodsOf(frequency, report.Year).Cast<Period?>().FirstOrDefault(p => p!.Value.LastMonth == report.LastMonth);

    private static IndicatorLine Line(IndicatorState state, Target? target, Period report, long version)
    {
        var d = state.Definition!;
        var own = OwnPeriod(d.Frequency, report);
        Figure? figure = null;
        if (own is { } p)
            state.Figures.TryGetValue(p, out figure);
        var period = own ?? report;
        var assessment = target is null ? null : ProgressRules.Assess(d, target, period, figure?.Value);
        return new IndicatorLine(d.Code, d.Name, d.Chapter, d.OwnerDepartment, d.Unit, own?.ToString(), figure?.Value, figure?.Verified ?? false,
            target?.Value, target?.Describe(d.Unit), assessment?.Expected, assessment?.Completion,
            assessment?.Status ?? (figure is null ? ProgressStatus.NoData : ProgressStatus.OnTrack), version);
    }
}
