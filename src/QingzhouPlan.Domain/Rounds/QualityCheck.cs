using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>A rule a figure breaks, told in English for the API and in Chinese for the clerk and the approver.</summary>
[GenerateSerializer, Immutable, Alias("RuleFinding")]
public sealed record RuleFinding(
    [property: Id(0)] string Rule,
    [property: Id(1)] RuleSeverity Severity,
    [property: Id(2)] string Indicator,
    [property: Id(3)] Period Period,
    [property: Id(4)] string Message,
    [property: Id(5)] string Clerk);

/// <summary>
/// The data-quality rules applied to figures. Rules of one item are checked on every report, correction and form
/// row, by the item that decides it. Rules across two items need both figures together, which no single item
/// holds: they are checked when a department's round is submitted or approved (a hard error stops the step) and
/// in the plan's validation run; a single report meanwhile sees only its own item's rules.
/// </summary>
public static class QualityCheck
{
    /// <summary>What the item's own rules say of <paramref name="value"/> standing for a period.</summary>
    public static IReadOnlyList<RuleFinding> Item(
        IEnumerable<QualityRule> rules, IndicatorDefined indicator, Target? target, IReadOnlyDictionary<Period, decimal> others, Period period, decimal value,
        LastYear? lastYear = null)
    {
        var findings = new List<RuleFinding>();
        foreach (var rule in rules.Where(r => !r.AcrossItems && (r.Indicator == "*" || r.Indicator == indicator.Code)))
            if (Breach(rule, indicator, target, others, period, value, lastYear) is { } breach)
                findings.Add(new RuleFinding(rule.Id, rule.Severity, indicator.Code, period, breach.Message, breach.Clerk));
        return findings;
    }

    /// <summary>What a rule across two items says of their figures for the same period; nothing while either is missing.</summary>
    public static RuleFinding? Across(QualityRule rule, Period period, decimal? left, decimal? right)
    {
        if (!rule.AcrossItems || left is not { } l || right is not { } r)
            return null;
        var margin = rule.Max ?? 0m;
        return rule.Kind switch
        {
            RuleKind.NotAbove when l > r + margin => new RuleFinding(rule.Id, rule.Severity, rule.Indicator, period,
                $"rule {rule.Id}: {rule.Indicator} ({l}) exceeds {rule.Other} ({r}){Plus(margin)}",
                $"「{rule.Name}」：{rule.Indicator} {l} 大于 {rule.Other} {r}{PlusClerk(margin)}"),
            RuleKind.Near when Math.Abs(l - r) > margin => new RuleFinding(rule.Id, rule.Severity, rule.Indicator, period,
                $"rule {rule.Id}: {rule.Indicator} ({l}) is more than {margin} from {rule.Other} ({r})",
                $"「{rule.Name}」：{rule.Indicator} {l} 与 {rule.Other} {r} 相差超过 {margin}"),
            _ => null,
        };
    }

    private static RuleBreach? Breach(
        QualityRule rule, IndicatorDefined indicator, Target? target, IReadOnlyDictionary<Period, decimal> others, Period period, decimal value,
        LastYear? lastYear) =>
        rule.Kind switch
        {
            RuleKind.Bounds when value < rule.Min || value > rule.Max => new RuleBreach(
                $"rule {rule.Id}: {value} {indicator.Unit} is outside {Range(rule)} for {indicator.Code}",
                $"「{rule.Name}」：{value} {indicator.Unit} 超出合理范围（{RangeClerk(rule, indicator.Unit)}）"),
            RuleKind.PeriodChange when Previous(period) is { } previous && others.TryGetValue(previous, out var before)
                && rule.Max is { } band && Math.Abs(value - before) > band => new RuleBreach(
                $"rule {rule.Id}: {value} {indicator.Unit} moves {value - before:+0.####;-0.####} from {previous} ({before}); more than {band} needs checking",
                $"「{rule.Name}」：{value} {indicator.Unit} 比 {previous}（{before}）变动 {value - before:+0.####;-0.####}，超过 {band}"),
            RuleKind.ExplainLagging when target is not null
                && ProgressRules.Assess(indicator, target, period, value).Status == ProgressStatus.Lagging => new RuleBreach(
                $"rule {rule.Id}: {value} {indicator.Unit} is behind 序时进度 for {period}; explain why",
                $"「{rule.Name}」：{value} {indicator.Unit} 落后于序时进度，须说明原因"),
            RuleKind.YearOnYear when SameTimeLastYear(indicator, period, lastYear) is { } before && rule.Max is { } band
                && YearOnYear(indicator, value, before) is { } change && Math.Abs(change.Amount) > band => YearOnYearBreach(rule, indicator, value, before, band, change),
            _ => null,
        };

    // 同比: a rate (growth, share) moves in percentage points; an amount or count by a percentage of last year's (by its
    // size, so a negative base still reads the right way). A zero base has no percentage.
    private static (decimal Amount, bool Points)? YearOnYear(IndicatorDefined indicator, decimal value, decimal before) =>
        indicator.Measure is MeasureKind.GrowthRate or MeasureKind.LevelRatio ? (value - before, true)
        : before == 0m ? null
        : ((value - before) / Math.Abs(before) * 100m, false);

    private static RuleBreach YearOnYearBreach(QualityRule rule, IndicatorDefined indicator, decimal value, decimal before, decimal band, (decimal Amount, bool Points) change)
    {
        var amount = Math.Round(change.Amount, 1);
        var (unit, clerkUnit) = change.Points ? (" points", "个百分点") : ("%", "%");
        return new RuleBreach(
            $"rule {rule.Id}: {value} {indicator.Unit} is {amount:+0.#;-0.#}{unit} on the same period of {indicator.PlanYear - 1} ({before}); more than {band}{unit} needs checking",
            $"「{rule.Name}」：{value} {indicator.Unit} 比上年同期（{before}）{(amount >= 0 ? "增长" : "下降")} {Math.Abs(amount):0.#}{clerkUnit}，超过 {band}{clerkUnit}");
    }

    /// <summary>
    /// 上年同期 where it is known, in the indicator's unit: the same period of the previous plan's item this one continues;
    /// else, for the year's last period of a year-to-date or level indicator, the previous year's result (the baseline).
    /// </summary>
    public static decimal? SameTimeLastYear(IndicatorDefined indicator, Period period, LastYear? lastYear = null) =>
        lastYear?.SamePeriod(period, indicator.Unit) ??
        (indicator.Baseline is { } baseline && baseline.Year == indicator.PlanYear - 1 && period.Year == indicator.PlanYear && period.LastMonth == 12
        && Units.UnitCatalogue.Convert(baseline.Value, baseline.Unit, indicator.Unit) is Units.UnitConversion.Converted { Value: var v }
            ? v
            : null);

    /// <summary>The period of the same kind just before, within the year; the year's first has none (上年同期 lives in the previous plan).</summary>
    public static Period? Previous(Period period) =>
        period.Index > 1 ? new Period(period.Kind, period.Year, period.Index - 1) : null;

    private static string Range(QualityRule rule) => $"[{rule.Min?.ToString() ?? "-∞"}, {rule.Max?.ToString() ?? "∞"}]";

    private static string RangeClerk(QualityRule rule, string unit) => (rule.Min, rule.Max) switch
    {
        ({ } min, { } max) => $"{min}～{max} {unit}",
        ({ } min, null) => $"不低于 {min} {unit}",
        (null, { } max) => $"不高于 {max} {unit}",
        _ => "不限",
    };

    private static string Plus(decimal margin) => margin == 0 ? "" : $" by more than {margin}";

    private static string PlusClerk(decimal margin) => margin == 0 ? "" : $"，超出允许的 {margin}";
}
