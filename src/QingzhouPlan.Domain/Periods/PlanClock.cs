namespace QingzhouPlan.Domain.Periods;

/// <summary>Calendar arithmetic on the plan's civil calendar (Asia/Shanghai).</summary>
public static class PlanClock
{
    // China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for every
    // plan year this system handles, and keeps the domain free of time-zone database lookups.
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>Instants a user may name: from the People's Republic's first year to a horizon no plan reaches.</summary>
    public const int MinYear = 1949;

    public const int MaxYear = 2200;

    public static DateTimeOffset StartOfDay(DateOnly day) =>
        new(day.ToDateTime(TimeOnly.MinValue), ChinaOffset);

    public static DateOnly Today(DateTimeOffset instant) =>
        DateOnly.FromDateTime(instant.ToOffset(ChinaOffset).DateTime);

    /// <summary>
    /// Reads an instant as users write it: a date ("2024-07-15") means the end of that day in Beijing —
    /// everything recorded on or before it; a time without an offset is Beijing time.
    /// </summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", out var day))
        {
            if (day.Year is < MinYear or > MaxYear)
                return false;
            instant = StartOfDay(day.AddDays(1)).AddMilliseconds(-1);
            return true;
        }
        if (!DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out var parsed))
            return false;
        if (parsed.Year is < MinYear or > MaxYear)
            return false;
        instant = parsed.Kind switch
        {
            DateTimeKind.Unspecified => new DateTimeOffset(parsed, ChinaOffset),
            _ => new DateTimeOffset(parsed.ToUniversalTime(), TimeSpan.Zero),
        };
        return true;
    }
}
