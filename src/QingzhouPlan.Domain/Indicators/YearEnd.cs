using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>
/// An indicator's actual for a whole year: the standing figure of the period that ends on 31 December — the year itself,
/// or the last month, quarter or half of a year-to-date indicator, which all say the same; for a level, the year's last
/// reading. The item's own frequency is preferred, then the year, then the finest period reported.
/// </summary>
public static class YearEnd
{
    public static (Period Period, Figure Figure)? Actual(IndicatorState state, int year)
    {
        var yearEnd = new DateOnly(year, 12, 31);
        var candidates = state.Figures.Where(f => f.Key.Year == year && f.Key.LastDay == yearEnd).ToList();
        if (candidates.Count == 0)
            return null;
        var own = state.Definition?.Frequency switch
        {
            Frequency.Monthly => PeriodKind.Month,
            Frequency.Quarterly => PeriodKind.Quarter,
            Frequency.HalfYearly => PeriodKind.HalfYear,
            Frequency.Annual => PeriodKind.Year,
            null => PeriodKind.Year,
            _ => throw new ArgumentOutOfRangeException(nameof(state), state.Definition.Frequency, null),
        };
        var best = candidates.OrderBy(f => f.Key.Kind == own ? 0 : f.Key.Kind == PeriodKind.Year ? 1 : 2).ThenBy(f => f.Key.Kind).First();
        return (best.Key, best.Value);
    }
}
