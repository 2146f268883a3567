using System.Text.RegularExpressions;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>Reading the plan document the way the honesty tests need: sections, clauses, numbers.</summary>
public static partial class PlanDocument
{
    /// <summary>Part 二 from 主要预期目标 on: the 2024 targets and tasks.</summary>
    public static (int Start, int End) Sections2024(string document) =>
        (document.IndexOf("主要预期目标：", StringComparison.Ordinal), document.Length);

    /// <summary>Part 一: the 2023 execution report.</summary>
    public static (int Start, int End) Results2023(string document) =>
        (document.IndexOf("一、2023 年国民经济和社会发展规划执行情况", StringComparison.Ordinal),
         document.IndexOf("二、2024年经济社会发展的总体要求和目标任务", StringComparison.Ordinal));

    /// <summary>Every run of ASCII digits (with a decimal part) in the text, with its position.</summary>
    public static IEnumerable<(int Index, string Number)> Numbers(string text, int start = 0, int end = -1)
    {
        end = end < 0 ? text.Length : end;
        foreach (Match m in NumberPattern().Matches(text[..end], start))
            yield return (m.Index, m.Value);
    }

    /// <summary>The clause around a position: the text between the punctuation marks either side.</summary>
    public static string ClauseAround(string text, int index)
    {
        var start = text.LastIndexOfAny(ClauseBreaks, index) + 1;
        var end = text.IndexOfAny(ClauseBreaks, index);
        return text[start..(end < 0 ? text.Length : end)];
    }

    public static IEnumerable<int> Occurrences(string text, string part)
    {
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            yield return i;
    }

    public static string Format(decimal number) => number.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly char[] ClauseBreaks = ['，', '。', '；', '：'];

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex NumberPattern();
}
