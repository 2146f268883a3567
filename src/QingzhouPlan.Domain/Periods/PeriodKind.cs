namespace QingzhouPlan.Domain.Periods;

/// <summary>The span a figure describes (valid time): 月, 季度, 半年, 年.</summary>
public enum PeriodKind
{
    Month,
    Quarter,
    HalfYear,
    Year,
}
