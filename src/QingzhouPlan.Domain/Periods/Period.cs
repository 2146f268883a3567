using System.Globalization;
using System.Text.Json.Serialization;

namespace QingzhouPlan.Domain.Periods;

/// <summary>
/// The valid time of a figure: 2024-03 (月), 2024-Q1 (季度), 2024-H1 (半年) or 2024 (年).
/// A year-to-date figure for 2024-06 describes 1–6月.
/// </summary>
[GenerateSerializer, Immutable, Alias("Period")]
[JsonConverter(typeof(PeriodJsonConverter))]
public readonly record struct Period(
    [property: Id(0)] PeriodKind Kind,
    [property: Id(1)] int Year,
    [property: Id(2)] int Index) : IComparable<Period>
{
    public static Period Month(int year, int month) => new(PeriodKind.Month, year, month);
    public static Period Quarter(int year, int quarter) => new(PeriodKind.Quarter, year, quarter);
    public static Period HalfYear(int year, int half) => new(PeriodKind.HalfYear, year, half);
    public static Period WholeYear(int year) => new(PeriodKind.Year, year, 1);

    public int MonthCount => Kind switch
    {
        PeriodKind.Month => 1,
        PeriodKind.Quarter => 3,
        PeriodKind.HalfYear => 6,
        PeriodKind.Year => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    public int FirstMonth => (Index - 1) * MonthCount + 1;

    /// <summary>The last calendar month the period covers: 6 for 2024-06, 2024-Q2 and 2024-H1.</summary>
    public int LastMonth => FirstMonth + MonthCount - 1;

    public DateOnly FirstDay => new(Year, FirstMonth, 1);

    public DateOnly LastDay => new DateOnly(Year, LastMonth, 1).AddMonths(1).AddDays(-1);

    /// <summary>
    /// Whether this period ends with another: a report's period asks each item for its own period ending with it
    /// (for the 1–6月 report, 2024-06 of a monthly indicator, 2024-Q2 of a quarterly one, 2024-H1 of a half-yearly one).
    /// </summary>
    public bool EndsWith(Period other) => Year == other.Year && LastMonth == other.LastMonth;

    /// <summary>The instant the period is over: midnight after its last day, Beijing time.</summary>
    public DateTimeOffset EndsAt => PlanClock.StartOfDay(LastDay.AddDays(1));

    public DateTimeOffset StartsAt => PlanClock.StartOfDay(FirstDay);

    public int CompareTo(Period other) =>
        (Year, LastMonth, MonthCount).CompareTo((other.Year, other.LastMonth, other.MonthCount));

    public override string ToString() => Kind switch
    {
        PeriodKind.Month => $"{Year:D4}-{Index:D2}",
        PeriodKind.Quarter => $"{Year:D4}-Q{Index}",
        PeriodKind.HalfYear => $"{Year:D4}-H{Index}",
        PeriodKind.Year => $"{Year:D4}",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    public static Period Parse(string text) =>
        TryParse(text, out var period, out var error) ? period : throw new FormatException(error);

    public static bool TryParse(string? text, out Period period, out string error)
    {
        period = default;
        error = $"'{text}' is not a period: use 2024-03 (月), 2024-Q1 (季度), 2024-H1 (半年) or 2024 (年)";
        if (string.IsNullOrWhiteSpace(text) || text.Length < 4 || !TryNumber(text[..4], out var year) || year < 1949)
            return false;
        if (text.Length == 4)
        {
            period = WholeYear(year);
            return true;
        }
        if (text[4] != '-')
            return false;
        var rest = text[5..];
        (PeriodKind kind, string digits, int max) = rest switch
        {
            ['Q', .. var q] => (PeriodKind.Quarter, q, 4),
            ['H', .. var h] => (PeriodKind.HalfYear, h, 2),
            _ when rest.Length == 2 => (PeriodKind.Month, rest, 12),
            _ => (PeriodKind.Year, "", 0),
        };
        if (max == 0 || !TryNumber(digits, out var index) || index < 1 || index > max)
            return false;
        period = new Period(kind, year, index);
        return true;
    }

    private static bool TryNumber(string digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
