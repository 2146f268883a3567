using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Progress;

/// <summary>
/// 序时进度: the share of the year elapsed. Execution reports count it in months — at the end of
/// 1–6月 half the year has passed — so a period's share is its last month over twelve.
/// </summary>
public static class ScheduleProgress
{
    public static decimal ShareAtEndOf(Period period) => period.LastMonth / 12m;

    /// <summary>
    /// The year's 序时进度 on a day: the share at the end of the last month of the plan year that is over —
    /// none before the year starts, all once it has ended.
    /// </summary>
    public static decimal ShareOn(DateOnly day, int planYear) =>
        day.Year < planYear ? 0m : day.Year > planYear ? 1m : (day.Month - 1) / 12m;

    /// <summary>
    /// The value expected at the end of a period if the year's target is approached evenly:
    /// baseline → target along 序时进度. Year-to-date amounts and counts start the year at 0; a level with a
    /// baseline moves from it; growth rates, and levels without a baseline, are held to the target itself.
    /// </summary>
    public static decimal Expected(Indicators.IndicatorDefined indicator, decimal target, Period period)
    {
        var share = ShareAtEndOf(period);
        return (indicator.Measure, indicator.ValueKind, indicator.Baseline) switch
        {
            (Indicators.MeasureKind.GrowthRate, _, _) => target,
            (_, Indicators.ValueKind.YearToDate, _) => target * share,
            (_, Indicators.ValueKind.Level, { } baseline) => Between(BaselineIn(indicator, baseline), target, share),
            (_, Indicators.ValueKind.Level, null) => target,
            _ => throw new ArgumentOutOfRangeException(nameof(indicator), indicator.Measure, null),
        };
    }

    private static decimal Between(decimal from, decimal to, decimal share) => from + (to - from) * share;

    private static decimal BaselineIn(Indicators.IndicatorDefined indicator, Indicators.Baseline baseline) =>
        Units.UnitCatalogue.Convert(baseline.Value, baseline.Unit, indicator.Unit) is Units.UnitConversion.Converted c
            ? c.Value
            : baseline.Value;
}
