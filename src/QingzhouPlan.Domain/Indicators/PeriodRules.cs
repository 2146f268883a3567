using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>Which periods an indicator can be reported for, at a given moment.</summary>
public static class PeriodRules
{
    public static string? Check(IndicatorDefined indicator, Period period, DateTimeOffset now)
    {
        if (period.Year != indicator.PlanYear)
            return $"{period} is outside the plan year {indicator.PlanYear}";
        if (Granularity(period.Kind) < Granularity(indicator.Frequency))
            return $"{indicator.Name} is reported {Describe(indicator.Frequency)}; {period} is finer than that";
        // A figure describes a span that is over; 1–6月 cannot be known before 1 July.
        if (period.EndsAt > now)
            return $"{period} has not ended yet (it ends {period.LastDay:yyyy-MM-dd})";
        return null;
    }

    private static int Granularity(PeriodKind kind) => kind switch
    {
        PeriodKind.Month => 1,
        PeriodKind.Quarter => 3,
        PeriodKind.HalfYear => 6,
        PeriodKind.Year => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static int Granularity(Frequency frequency) => frequency switch
    {
        Frequency.Monthly => 1,
        Frequency.Quarterly => 3,
        Frequency.HalfYearly => 6,
        Frequency.Annual => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null),
    };

    private static string Describe(Frequency frequency) => frequency switch
    {
        Frequency.Monthly => "monthly (按月)",
        Frequency.Quarterly => "quarterly (按季)",
        Frequency.HalfYearly => "half-yearly (按半年)",
        Frequency.Annual => "annually (按年)",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null),
    };
}
