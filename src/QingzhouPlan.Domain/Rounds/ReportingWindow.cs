using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// When entry for a period is open (填报窗口): from some days after the period ends until some days after its
/// deadline. <see cref="ClosesAfterDeadlineDays"/> null keeps entry open for good, as it was before windows.
/// </summary>
[GenerateSerializer, Immutable, Alias("ReportingWindow")]
public sealed record ReportingWindow(
    [property: Id(0)] int OpensAfterPeriodEndDays,
    [property: Id(1)] int? ClosesAfterDeadlineDays)
{
    public static readonly ReportingWindow AlwaysOpen = new(0, null);

    public DateTimeOffset OpensAt(Period period) => PlanClock.StartOfDay(period.LastDay.AddDays(1 + OpensAfterPeriodEndDays));

    /// <summary>The instant entry closes, or null when it never does.</summary>
    public DateTimeOffset? ClosesAt(Period period, int graceDays) =>
        ClosesAfterDeadlineDays is { } days ? ReportingCalendar.Deadline(ReportingCalendar.DueOn(period, graceDays)).AddDays(days) : null;

    public bool IsClosed(Period period, int graceDays, DateTimeOffset now) => ClosesAt(period, graceDays) is { } closes && now >= closes;
}
