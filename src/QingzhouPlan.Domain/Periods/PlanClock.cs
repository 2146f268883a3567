namespace QingzhouPlan.Domain.Periods;

/// <summary>Calendar arithmetic on the plan's civil calendar (Asia/Shanghai).</summary>
public static class PlanClock
{
    // China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for every
    // plan year this system handles, and keeps the domain free of time-zone database lookups.
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static DateTimeOffset StartOfDay(DateOnly day) =>
        new(day.ToDateTime(TimeOnly.MinValue), ChinaOffset);

    public static DateOnly Today(DateTimeOffset instant) =>
        DateOnly.FromDateTime(instant.ToOffset(ChinaOffset).DateTime);
}
