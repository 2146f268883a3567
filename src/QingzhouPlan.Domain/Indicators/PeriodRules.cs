using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>Which periods an indicator can be reported for, at a given moment.</summary>
public static class PeriodRules
{
    public static RuleBreach? Check(IndicatorDefined indicator, Period period, DateTimeOffset now)
    {
        if (period.Year != indicator.PlanYear)
            return new($"{period} is outside the plan year {indicator.PlanYear}", $"{period} 不在计划年度 {indicator.PlanYear} 年内");
        if (Granularity(period.Kind) < Granularity(indicator.Frequency))
            return new($"{indicator.Name} is reported {Describe(indicator.Frequency)}; {period} is finer than that",
                $"{indicator.Name}{Chinese(indicator.Frequency)}报送，{period} 比它更细");
        // A figure describes a span that is over; 1–6月 cannot be known before 1 July.
        if (period.EndsAt > now)
            return new($"{period} has not ended yet (it ends {period.LastDay:yyyy-MM-dd})", $"{period} 尚未结束（{period.LastDay:yyyy-MM-dd} 结束），还不能报送");
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

    private static string Chinese(Frequency frequency) => frequency switch
    {
        Frequency.Monthly => "按月",
        Frequency.Quarterly => "按季",
        Frequency.HalfYearly => "按半年",
        Frequency.Annual => "按年",
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
