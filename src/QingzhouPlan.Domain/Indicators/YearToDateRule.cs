using System.Collections.Immutable;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>
/// 累计 figures of amounts and counts cover 1–N月, so a later period can never hold less than an
/// earlier one. Growth rates and levels may fall and are not checked.
/// </summary>
public static class YearToDateRule
{
    public static string? Check(
        IndicatorDefined indicator, ImmutableSortedDictionary<Period, Figure> figures, Period period, decimal value)
    {
        if (indicator.ValueKind != ValueKind.YearToDate || indicator.Measure is MeasureKind.GrowthRate or MeasureKind.LevelRatio)
            return null;
        foreach (var (other, figure) in figures)
        {
            if (other.LastMonth < period.LastMonth && figure.Value > value)
                return $"{value} {indicator.Unit} for {period} is below the year-to-date {figure.Value} already reported for {other}; send a correction with a reason if an earlier figure was wrong";
            if (other.LastMonth > period.LastMonth && figure.Value < value)
                return $"{value} {indicator.Unit} for {period} is above the year-to-date {figure.Value} already reported for the later {other}";
        }
        return null;
    }
}
