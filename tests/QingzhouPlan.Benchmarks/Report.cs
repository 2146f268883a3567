using System.Globalization;
using System.Text;

namespace QingzhouPlan.Benchmarks;

/// <summary>The one table the benchmark prints: a row per measurement, with its ratio to a raw baseline where there is one.</summary>
public sealed class Report
{
    private readonly List<(string Section, string What, string Figure, string Ratio)> _rows = [];

    public void Add(string section, string what, string figure, string ratio = "")
    {
        _rows.Add((section, what, figure, ratio));
        Console.WriteLine($"  {section} | {what} | {figure} | {ratio}");
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| section | measurement | figure | ratio |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (section, what, figure, ratio) in _rows)
            text.AppendLine($"| {section} | {what} | {figure} | {ratio} |");
        return text.ToString();
    }

    /// <summary>The spread of a ratio over repeated runs, so a reader sees the noise: "0.52 / 0.61 / 0.70 (min / median / max)".</summary>
    public static string Spread(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return $"{sorted[0]:0.00} / {sorted[sorted.Count / 2]:0.00} / {sorted[^1]:0.00}";
    }

    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
