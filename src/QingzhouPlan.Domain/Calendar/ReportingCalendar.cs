using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Calendar;

/// <summary>
/// Which periods an indicator owes, by when, to whom, and how each stands at a moment. A report is due a
/// number of days after its period ends (10 by default: 每月10日前报上月数据), by the end of that day,
/// Beijing time. Each period is owed by the department that owned the item on the period's last day.
/// </summary>
public static class ReportingCalendar
{
    public const int DefaultGraceDays = 10;

    public static IReadOnlyList<Period> PeriodsOf(Frequency frequency, int year) => frequency switch
    {
        Frequency.Monthly => Enumerable.Range(1, 12).Select(m => Period.Month(year, m)).ToList(),
        Frequency.Quarterly => Enumerable.Range(1, 4).Select(q => Period.Quarter(year, q)).ToList(),
        Frequency.HalfYearly => [Period.HalfYear(year, 1), Period.HalfYear(year, 2)],
        Frequency.Annual => [Period.WholeYear(year)],
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null),
    };

    /// <summary>The period of this frequency that ends with the report's; an annual indicator has none before December.</summary>
    public static Period? OwnPeriod(Frequency frequency, Period report) =>
        PeriodsOf(frequency, report.Year).Cast<Period?>().FirstOrDefault(p => p!.Value.EndsWith(report));

    public static DateOnly DueOn(Period period, int graceDays) => period.LastDay.AddDays(graceDays);

    /// <summary>The instant a report becomes late: the end of its due day, Beijing time.</summary>
    public static DateTimeOffset Deadline(DateOnly dueOn) => PlanClock.StartOfDay(dueOn.AddDays(1));

    public static IReadOnlyList<DueReport> For(IndicatorState state, DateTimeOffset now, int graceDays = DefaultGraceDays)
    {
        if (state.Definition is not { } indicator)
            return [];
        return PeriodsOf(indicator.Frequency, indicator.PlanYear).Select(period =>
        {
            var dueOn = DueOn(period, graceDays);
            state.Figures.TryGetValue(period, out var figure);
            return new DueReport(period, dueOn, StateAt(period, dueOn, figure?.FirstReportedAt, now), figure?.FirstReportedAt,
                state.OwnerFor(period) ?? "", state.OpenEscalation(period)?.Stage);
        }).ToList();
    }

    /// <summary>How a due report stands at an instant, from its period, due day and when its figure arrived.</summary>
    public static DueState StateAt(Period period, DateOnly dueOn, DateTimeOffset? reportedAt, DateTimeOffset now) =>
        (reportedAt, period.EndsAt <= now, Deadline(dueOn) <= now) switch
        {
            ({ } at, _, _) => at < Deadline(dueOn) ? DueState.OnTime : DueState.ReportedLate,
            (null, false, _) => DueState.NotYetDue,
            (null, true, false) => DueState.Open,
            (null, true, true) => DueState.Missing,
        };
}

/// <summary>One report an indicator owes: the period, its due date, how it stands, who owes it, how far it was pursued.</summary>
[GenerateSerializer, Immutable, Alias("DueReport")]
public sealed record DueReport(
    [property: Id(0)] Period Period,
    [property: Id(1)] DateOnly DueOn,
    [property: Id(2)] DueState State,
    [property: Id(3)] DateTimeOffset? ReportedAt,
    [property: Id(4)] string Department,
    [property: Id(5)] EscalationStage? Escalation)
{
    /// <summary>The same report judged at another instant: a kept summary stays right after midnight.</summary>
    public DueReport At(DateTimeOffset now) => this with { State = ReportingCalendar.StateAt(Period, DueOn, ReportedAt, now) };
}
