namespace QingzhouPlan.Domain.Reports.Documents;

/// <summary>The numbering of Chinese official documents: 一、 for chapters, （一） for sections, 1. below.</summary>
public static class ChineseNumbers
{
    private static readonly string[] Digits = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>一 … 九十九, as headings count them (十, 十一, 二十).</summary>
    public static string Of(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 99);
        var (tens, ones) = (n / 10, n % 10);
        return (tens, ones) switch
        {
            (0, _) => Digits[ones],
            (1, 0) => "十",
            (1, _) => "十" + Digits[ones],
            (_, 0) => Digits[tens] + "十",
            _ => Digits[tens] + "十" + Digits[ones],
        };
    }

    public static string Chapter(int n) => $"{Of(n)}、";

    public static string Section(int n) => $"（{Of(n)}）";
}
