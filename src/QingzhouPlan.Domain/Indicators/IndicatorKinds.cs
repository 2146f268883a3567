namespace QingzhouPlan.Domain.Indicators;

/// <summary>What an indicator measures.</summary>
public enum MeasureKind
{
    /// <summary>增长率: a % change on the previous year, compared with the target directly.</summary>
    GrowthRate,

    /// <summary>An amount of money, area, plants … (亿元, 万亩, 亿株).</summary>
    Amount,

    /// <summary>A count of things (个, 家, 处, 人).</summary>
    Count,

    /// <summary>A ratio that is a level, not a change (数字化率 75%).</summary>
    LevelRatio,
}

/// <summary>How successive figures of one year relate.</summary>
public enum ValueKind
{
    /// <summary>累计: each figure covers 1–N月 of the year, so it never falls.</summary>
    YearToDate,

    /// <summary>A level at the period's end (a rate, a ratio, a stock).</summary>
    Level,
}

/// <summary>How often the owning department reports.</summary>
public enum Frequency
{
    Monthly,
    Quarterly,
    HalfYearly,
    Annual,
}
