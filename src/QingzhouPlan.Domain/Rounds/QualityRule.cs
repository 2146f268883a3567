namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// A data-quality rule (数据审核规则) of a plan. <see cref="Severity"/> says what breaking it does: a hard error
/// (强制性审核) refuses the figure; a soft one (核实性审核) accepts it only with a 上报说明. <see cref="Clause"/>
/// quotes what in the plan the rule protects.
/// </summary>
[GenerateSerializer, Immutable, Alias("QualityRule")]
public sealed record QualityRule(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] RuleKind Kind,
    [property: Id(3)] RuleSeverity Severity,
    [property: Id(4)] string Indicator,
    [property: Id(5)] decimal? Min,
    [property: Id(6)] decimal? Max,
    [property: Id(7)] string? Other,
    [property: Id(8)] string Clause)
{
    /// <summary>Whether the rule reads one item's figures only (checked on every report), or two items together.</summary>
    public bool AcrossItems => Kind is RuleKind.NotAbove or RuleKind.Near;

    /// <summary>Whether the rule concerns an indicator ("*" is every indicator of the plan).</summary>
    public bool Covers(string code) => Indicator == "*" || Indicator == code || Other == code;
}

public enum RuleKind
{
    /// <summary>The figure lies within [Min, Max] (取值范围).</summary>
    Bounds,

    /// <summary>The figure moves from the previous period's by no more than Max (环比变动), in the indicator's unit.</summary>
    PeriodChange,

    /// <summary>A figure behind 序时进度 (red) comes with a 上报说明.</summary>
    ExplainLagging,

    /// <summary>
    /// The figure changes from the same period of the year before (上年同期) by no more than Max (同比增减幅度): percent of
    /// last year's for amounts and counts, percentage points for rates (growth, shares).
    /// 上年同期 is the same period of the previous plan's item the indicator continues; without that link, only the
    /// year's last period is judged, against the previous year's result the plan reports (the indicator's baseline).
    /// </summary>
    YearOnYear,

    /// <summary>The figure is no more than Other's for the same period, plus Max (a sub-total within its total).</summary>
    NotAbove,

    /// <summary>The figure is within Max of Other's for the same period (a part's growth consistent with the whole's).</summary>
    Near,
}

public enum RuleSeverity
{
    /// <summary>强制性审核: the figure is refused.</summary>
    Block,

    /// <summary>核实性审核: the figure is accepted with a 上报说明, which approvers see beside it.</summary>
    Explain,
}
