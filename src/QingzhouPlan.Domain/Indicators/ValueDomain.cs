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

    public static string? Check(IndicatorDefined indicator, decimal value) => indicator.Measure switch
    {
        MeasureKind.Count when value < 0 || value != decimal.Truncate(value) => $"{value} is not a count: {indicator.Name} counts whole {indicator.Unit}, from 0",
        MeasureKind.Amount when value < 0 => $"{value} {indicator.Unit} is negative; {indicator.Name} is an amount",
        MeasureKind.GrowthRate when value is < MinGrowthRate or > MaxGrowthRate => $"a growth rate lies between {MinGrowthRate}% and {MaxGrowthRate}%",
        MeasureKind.LevelRatio when indicator.Unit == "%" && value is < 0 or > 100 => "a share lies between 0% and 100%",
        _ => null,
    };

    public static string? CheckTarget(IndicatorDefined indicator, decimal value, decimal tolerance)
    {
        if (decimal.Round(value, MaxTargetDecimals) != value || decimal.Round(tolerance, MaxTargetDecimals) != tolerance)
            return $"a target and its tolerance have at most {MaxTargetDecimals} decimal places";
        if (tolerance > Math.Abs(value) && value != 0)
            return "the tolerance cannot exceed the target itself";
        return Check(indicator, value);
    }
}
