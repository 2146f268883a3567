namespace QingzhouPlan.Domain.Units;

/// <summary>
/// Every unit the plan documents use, with its dimension and factor to the dimension's base unit.
/// Counting words (个, 家, 处, 人 …) are dimensions of their own: 12 家 enterprises are not 12 个 projects.
/// </summary>
public static class UnitCatalogue
{
    private static readonly Unit[] All =
    [
        new("元", "money-cny", 1m, "money in RMB"),
        new("万元", "money-cny", 1e4m, "money in RMB"),
        new("亿元", "money-cny", 1e8m, "money in RMB"),
        new("美元", "money-usd", 1m, "money in US dollars"),
        new("万美元", "money-usd", 1e4m, "money in US dollars"),
        new("亿美元", "money-usd", 1e8m, "money in US dollars"),
        new("株", "plants", 1m, "plants"),
        new("万株", "plants", 1e4m, "plants"),
        new("亿株", "plants", 1e8m, "plants"),
        // 亩 is the base of area: 1 平方米 = 0.0015 亩 and 1 公顷 = 15 亩 are exact in decimal.
        new("亩", "area", 1m, "area"),
        new("万亩", "area", 1e4m, "area"),
        new("公顷", "area", 15m, "area"),
        new("平方米", "area", 0.0015m, "area"),
        new("万平方米", "area", 15m, "area"),
        new("米", "length", 1m, "length"),
        new("公里", "length", 1000m, "length"),
        new("千瓦", "power", 1m, "power"),
        new("万千瓦", "power", 1e4m, "power"),
        new("%", "ratio", 1m, "a percentage"),
        new("个百分点", "ratio-difference", 1m, "percentage points"),
        new("人", "people", 1m, "people"),
        new("万人", "people", 1e4m, "people"),
        new("人次", "person-times", 1m, "person-times"),
        new("户", "households", 1m, "households"),
        new("万户", "households", 1e4m, "households"),
        new("个", "count-ge", 1m, "a count of items (个)"),
        new("家", "count-jia", 1m, "a count of enterprises or institutions (家)"),
        new("处", "count-chu", 1m, "a count of sites (处)"),
        new("件", "count-jian", 1m, "a count of cases (件)"),
        new("场", "count-chang", 1m, "a count of performances or events (场)"),
        new("场次", "count-changci", 1m, "a count of event sessions (场次)"),
        new("条", "count-tiao", 1m, "a count of lines or routes (条)"),
        new("座", "count-zuo", 1m, "a count of facilities (座)"),
        new("张", "count-zhang", 1m, "a count of beds (张)"),
        new("所", "count-suo", 1m, "a count of schools (所)"),
        new("项", "count-xiang", 1m, "a count of items of work (项)"),
        new("列", "count-lie", 1m, "a count of trains (列)"),
        new("车", "count-che", 1m, "a count of wagons (车)"),
        new("种", "count-zhong", 1m, "a count of varieties (种)"),
    ];

    private static readonly Dictionary<string, Unit> BySymbol =
        All.ToDictionary(u => u.Symbol, StringComparer.Ordinal);

    public static IReadOnlyCollection<Unit> Units => BySymbol.Values;

    public static Unit? Find(string symbol) => BySymbol.GetValueOrDefault(symbol.Trim());

    /// <summary>Converts a value to the target unit, or explains why it cannot.</summary>
    public static UnitConversion Convert(decimal value, string fromSymbol, string toSymbol)
    {
        var from = Find(fromSymbol);
        var to = Find(toSymbol);
        if (from is null)
            return new UnitConversion.Refused(new($"unknown unit '{fromSymbol}'", $"不认识的计量单位「{fromSymbol}」"));
        if (to is null)
            return new UnitConversion.Refused(new($"unknown unit '{toSymbol}'", $"不认识的计量单位「{toSymbol}」"));
        if (from.Dimension != to.Dimension)
            return new UnitConversion.Refused(new(
                $"'{from.Symbol}' measures {from.Description} and '{to.Symbol}' measures {to.Description}: they cannot be converted",
                $"「{from.Symbol}」与「{to.Symbol}」计量的不是同一类量，不能换算"));
        if (from == to)
            return new UnitConversion.Converted(value);
        try
        {
            // Multiply before dividing: 12000 万株 × 1e4 / 1e8 stays exact.
            return new UnitConversion.Converted(value * from.Factor / to.Factor);
        }
        catch (OverflowException)
        {
            return new UnitConversion.Refused(new($"{value} {from.Symbol} is too large to express in {to.Symbol}", $"{value} {from.Symbol} 过大，无法换算为 {to.Symbol}"));
        }
    }
}
