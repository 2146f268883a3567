using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Reports.Documents;

/// <summary>
/// One indicator's course through the year up to a report's period, as its chart draws it: each of its own periods
/// with the figure standing, 序时进度 and the target governing that period — each judged by the state's own rules.
/// </summary>
public static class HeadlineSeries
{
    public static DocumentBlock.Chart Of(IndicatorState state, Period report)
    {
        var d = state.Definition!;
        var periods = ReportingCalendar.PeriodsOf(d.Frequency, d.PlanYear).Where(p => p.LastDay <= report.LastDay).ToList();
        var assessed = periods.Select(p => (Period: p, Assessment: state.Assess(p), Target: state.TargetFor(p)?.Target.Value)).ToList();
        return new DocumentBlock.Chart($"{d.Name}（{d.Unit}）", d.Unit, periods.Select(Label).ToList(),
        [
            new ChartSeries("实际", ChartLine.Actual, periods.Select(p => state.Figures.TryGetValue(p, out var f) ? f.Value : (decimal?)null).ToList()),
            new ChartSeries("序时进度", ChartLine.Expected, assessed.Select(a => a.Assessment?.Expected).ToList()),
            new ChartSeries("年度目标", ChartLine.Target, assessed.Select(a => a.Target).ToList()),
        ]);
    }

    /// <summary>A period as a chart's axis names it: 3月, 一季度, 全年.</summary>
    public static string Label(Period period) => period.Kind switch
    {
        PeriodKind.Month => $"{period.Index}月",
        PeriodKind.Quarter => $"{ChineseNumbers.Of(period.Index)}季度",
        PeriodKind.HalfYear => period.Index == 1 ? "上半年" : "下半年",
        PeriodKind.Year => "全年",
        _ => period.ToString(),
    };
}
