using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Calendar;

/// <summary>
/// Which periods an indicator owes, by when, and how each stands at a moment. A report is due a number
/// of days after its period ends (10 by default: 每月10日前报上月数据), by the end of that day, Beijing time.
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

    public static DateOnly DueOn(Period period, int graceDays) => period.LastDay.AddDays(graceDays);

    public static IReadOnlyList<DueReport> For(IndicatorState state, DateTimeOffset now, int graceDays = DefaultGraceDays)
    {
        if (state.Definition is not { } indicator)
            return [];
        return PeriodsOf(indicator.Frequency, indicator.PlanYear).Select(period =>
        {
            var dueOn = DueOn(period, graceDays);
            var deadline = PlanClock.StartOfDay(dueOn.AddDays(1));
            state.Figures.TryGetValue(period, out var figure);
            var stateNow = (figure, period.EndsAt <= now, deadline <= now) switch
            {
                ({ } f, _, _) => f.FirstReportedAt < deadline ? DueState.OnTime : DueState.ReportedLate,
                (null, false, _) => DueState.NotYetDue,
                (null, true, false) => DueState.Open,
                (null, true, true) => DueState.Missing,
            };
            return new DueReport(period, dueOn, stateNow, figure?.FirstReportedAt);
        }).ToList();
    }
}

/// <summary>One report an indicator owes: the period, its due date, and how it stands.</summary>
[GenerateSerializer, Immutable, Alias("DueReport")]
public sealed record DueReport(
    [property: Id(0)] Period Period,
    [property: Id(1)] DateOnly DueOn,
    [property: Id(2)] DueState State,
    [property: Id(3)] DateTimeOffset? ReportedAt);
