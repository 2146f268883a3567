namespace QingzhouPlan.Domain.Indicators;

/// <summary>
/// What a figure of each measure can be, in the indicator's unit. Counts are whole and never negative
/// (−3 or 2.5 新建充电站 is a typing error); amounts are never negative; a growth rate lies between −100 %
/// (everything gone) and +1000 %; a level ratio is a share, 0–100 %. Targets obey the same domains, with at
/// most four decimal places, so that no figure or target can make the arithmetic of 序时进度 overflow.
/// </summary>
public static class ValueDomain
{
    public const decimal MinGrowthRate = -100m;
    public const decimal MaxGrowthRate = 1000m;
    public const int MaxTargetDecimals = 4;

    public static RuleBreach? Check(IndicatorDefined indicator, decimal value) => indicator.Measure switch
    {
        MeasureKind.Count when value < 0 || value != decimal.Truncate(value) =>
            new($"{value} is not a count: {indicator.Name} counts whole {indicator.Unit}, from 0", $"{value} 不是个数：{indicator.Name}以整{indicator.Unit}计，不能为负"),
        MeasureKind.Amount when value < 0 => new($"{value} {indicator.Unit} is negative; {indicator.Name} is an amount", $"{value} {indicator.Unit} 为负数，{indicator.Name}是金额"),
        MeasureKind.GrowthRate when value is < MinGrowthRate or > MaxGrowthRate =>
            new($"a growth rate lies between {MinGrowthRate}% and {MaxGrowthRate}%", $"增速应在 {MinGrowthRate}% 与 {MaxGrowthRate}% 之间"),
        MeasureKind.LevelRatio when indicator.Unit == "%" && value is < 0 or > 100 => new("a share lies between 0% and 100%", "比重应在 0% 与 100% 之间"),
        _ => null,
    };

    public static RuleBreach? CheckTarget(IndicatorDefined indicator, decimal value, decimal tolerance)
    {
        if (decimal.Round(value, MaxTargetDecimals) != value || decimal.Round(tolerance, MaxTargetDecimals) != tolerance)
            return new($"a target and its tolerance have at most {MaxTargetDecimals} decimal places", $"目标及其允许偏差最多保留 {MaxTargetDecimals} 位小数");
        if (tolerance > Math.Abs(value) && value != 0)
            return new("the tolerance cannot exceed the target itself", "允许偏差不能大于目标本身");
        return Check(indicator, value);
    }
}
