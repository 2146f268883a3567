using System.Collections.Immutable;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>
/// 累计 figures of amounts and counts cover 1–N月, so a later period can never hold less than an
/// earlier one. Growth rates and levels may fall and are not checked.
/// </summary>
public static class YearToDateRule
{
    public static RuleBreach? Check(
        IndicatorDefined indicator, ImmutableSortedDictionary<Period, Figure> figures, Period period, decimal value)
    {
        if (indicator.ValueKind != ValueKind.YearToDate || indicator.Measure is MeasureKind.GrowthRate or MeasureKind.LevelRatio)
            return null;
        foreach (var (other, figure) in figures)
        {
            if (other.LastMonth < period.LastMonth && figure.Value > value)
                return new($"{value} {indicator.Unit} for {period} is below the year-to-date {figure.Value} already reported for {other}; send a correction with a reason if an earlier figure was wrong",
                    $"{period} 的累计数 {value} {indicator.Unit} 小于已报的 {other} 累计数 {figure.Value}；如前期数据有误，请更正并说明原因");
            if (other.LastMonth > period.LastMonth && figure.Value < value)
                return new($"{value} {indicator.Unit} for {period} is above the year-to-date {figure.Value} already reported for the later {other}",
                    $"{period} 的累计数 {value} {indicator.Unit} 大于已报的后期 {other} 累计数 {figure.Value}");
        }
        return null;
    }
}
