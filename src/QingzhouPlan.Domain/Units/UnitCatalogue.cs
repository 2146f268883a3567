namespace QingzhouPlan.Domain.Units;

/// <summary>
/// Every unit the plan documents use, with its dimension and factor to the dimension's base unit.
/// Counting words (个, 家, 处, 人 …) are dimensions of their own: 12 家 enterprises are not 12 个 projects.
/// </summary>
public static class UnitCatalogue
{
    private static readonly Unit[] All =
    [
        new("元", "money-cny", 1m, "人民币元"),
        new("万元", "money-cny", 1e4m, "人民币万元"),
        new("亿元", "money-cny", 1e8m, "人民币亿元"),
        new("美元", "money-usd", 1m, "美元"),
        new("万美元", "money-usd", 1e4m, "万美元"),
        new("亿美元", "money-usd", 1e8m, "亿美元"),
        new("株", "plants", 1m, "株 (plants, seedlings)"),
        new("万株", "plants", 1e4m, "万株"),
        new("亿株", "plants", 1e8m, "亿株"),
        // 亩 is the base of area: 1 平方米 = 0.0015 亩 and 1 公顷 = 15 亩 are exact in decimal.
        new("亩", "area", 1m, "亩 (1/15 公顷)"),
        new("万亩", "area", 1e4m, "万亩"),
        new("公顷", "area", 15m, "公顷"),
        new("平方米", "area", 0.0015m, "平方米"),
        new("万平方米", "area", 15m, "万平方米"),
        new("米", "length", 1m, "米"),
        new("公里", "length", 1000m, "公里"),
        new("千瓦", "power", 1m, "千瓦"),
        new("万千瓦", "power", 1e4m, "万千瓦"),
        new("%", "ratio", 1m, "percent"),
        new("个百分点", "ratio-difference", 1m, "percentage points"),
        new("人", "people", 1m, "人"),
        new("万人", "people", 1e4m, "万人"),
        new("人次", "person-times", 1m, "人次"),
        new("户", "households", 1m, "户"),
        new("万户", "households", 1e4m, "万户"),
        new("个", "count-ge", 1m, "个 (items, projects, platforms)"),
        new("家", "count-jia", 1m, "家 (enterprises, institutions)"),
        new("处", "count-chu", 1m, "处 (sites, places)"),
        new("件", "count-jian", 1m, "件 (cases, patents)"),
        new("场", "count-chang", 1m, "场 (performances, events)"),
        new("场次", "count-changci", 1m, "场次 (event sessions)"),
        new("条", "count-tiao", 1m, "条 (lines, routes)"),
        new("座", "count-zuo", 1m, "座 (plants, buildings)"),
        new("张", "count-zhang", 1m, "张 (beds)"),
        new("所", "count-suo", 1m, "所 (schools)"),
        new("项", "count-xiang", 1m, "项 (items, reforms)"),
        new("列", "count-lie", 1m, "列 (trains)"),
        new("车", "count-che", 1m, "车 (wagons)"),
        new("种", "count-zhong", 1m, "种 (varieties)"),
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
            return new UnitConversion.Refused($"unknown unit '{fromSymbol}'");
        if (to is null)
            return new UnitConversion.Refused($"unknown unit '{toSymbol}'");
        if (from.Dimension != to.Dimension)
            return new UnitConversion.Refused(
                $"'{from.Symbol}' ({from.Description}) cannot be converted to '{to.Symbol}' ({to.Description})");
        if (from == to)
            return new UnitConversion.Converted(value);
        try
        {
            // Multiply before dividing: 12000 万株 × 1e4 / 1e8 stays exact.
            return new UnitConversion.Converted(value * from.Factor / to.Factor);
        }
        catch (OverflowException)
        {
            return new UnitConversion.Refused($"{value} {from.Symbol} is too large to express in {to.Symbol}");
        }
    }
}
