using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// An indicator's standing: the latest figure assessed against the target governing its period, every
/// figure's assessment, what it owes (the calendar), and its owners over time. Computed from the state
/// once per commit and kept by the plan's grain; only the calendar depends on the clock, so
/// <see cref="At"/> re-judges it at any later instant without asking the indicator again.
/// </summary>
[GenerateSerializer, Immutable, Alias("IndicatorStatus")]
public sealed record IndicatorStatus(
    [property: Id(0)] string Key,
    [property: Id(1)] string Code,
    [property: Id(2)] string Name,
    [property: Id(3)] string Chapter,
    [property: Id(4)] string Department,
    [property: Id(5)] string Unit,
    [property: Id(6)] string TargetText,
    [property: Id(7)] ProgressStatus Status,
    [property: Id(8)] Assessment? Latest,
    [property: Id(9)] bool Late,
    [property: Id(10)] IReadOnlyList<DueReport> Calendar,
    [property: Id(11)] long Version,
    [property: Id(12)] IReadOnlyList<Assessment> Assessments,
    [property: Id(13)] DatedHistory<OwnerEntry> Owners,
    [property: Id(14)] bool Closed,
    [property: Id(15)] IReadOnlyList<Assessment> Schedule,
    [property: Id(16)] DatedHistory<TargetEntry> Targets)
{
    public static IndicatorStatus? From(string key, IndicatorState state, DateTimeOffset now, int graceDays)
    {
        if (state.Definition is not { } d)
            return null;
        var today = PlanClock.Today(now);
        var assessments = state.Figures.Keys.Select(p => state.Assess(p)).OfType<Assessment>().ToList();
        var latest = assessments.LastOrDefault();
        var calendar = ReportingCalendar.For(state, now, graceDays);
        // Every period of the year against the target governing it: the 序时进度 line and target steps of a chart.
        var schedule = calendar.Select(c => state.Assess(c.Period)).OfType<Assessment>().ToList();
        return new IndicatorStatus(key, d.Code, d.Name, d.Chapter, state.OwnerOn(today) ?? "", d.Unit,
            state.TargetOn(today)?.Target.Describe(d.Unit) ?? "", latest?.Status ?? ProgressStatus.NoData, latest,
            calendar.Any(c => c.State == DueState.Missing), calendar, state.Version, assessments, state.Owners, state.Closed, schedule, state.Targets);
    }

    /// <summary>The standing, or why the item's events cannot be judged (an event recorded before a rule existed).</summary>
    public static (IndicatorStatus? Status, ItemError? Error) Evaluate(string key, IndicatorState state, DateTimeOffset now, int graceDays)
    {
        try
        {
            return (From(key, state, now, graceDays), null);
        }
        catch (Exception ex) when (ex is ArgumentException or ArithmeticException or InvalidOperationException)
        {
            return (null, new ItemError(state.Definition?.Code ?? key, ex.Message));
        }
    }

    /// <summary>The same standing at another instant: deadlines passed since, the owner and the target in force that day.</summary>
    public IndicatorStatus At(DateTimeOffset now)
    {
        var calendar = Calendar.Select(c => c.At(now)).ToList();
        var today = PlanClock.Today(now);
        return this with
        {
            Calendar = calendar,
            Late = calendar.Any(c => c.State == DueState.Missing),
            Department = Owners.On(today)?.Department ?? "",
            TargetText = Targets.On(today)?.Target.Describe(Unit) ?? "",
        };
    }

    /// <summary>The department answerable for a period: the owner on its last day (the state's own rule, on the kept owners).</summary>
    public string OwnerFor(Period period) => Owners.OwnerFor(period) ?? "";
}
