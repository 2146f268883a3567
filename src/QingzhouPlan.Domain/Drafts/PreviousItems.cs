using QingzhouPlan.Domain.Units;

namespace QingzhouPlan.Domain.Drafts;

/// <summary>An item of the plan before, as a draft's items are matched against it.</summary>
public sealed record PreviousItem(string Code, string Name, string Unit, string Owner);

/// <summary>The previous plan's item a draft item most likely continues, whose owner it suggests, and how alike their names are (0–1).</summary>
public sealed record PreviousMatch(string Code, string Name, string Owner, double Score);

/// <summary>
/// Which item of the previous plan a draft item continues: the one measured in the same dimension (amounts with amounts,
/// people with people) whose name shares the most character pairs with it (Dice coefficient of bigrams), if at least
/// half. Chinese indicator names of one county change a word or two from year to year (规上工业总产值 →
/// 规上工业总产值增长), which pairs of characters tolerate without a dictionary. A suggestion only: the reviewer confirms it.
/// </summary>
public static class PreviousItems
{
    public const double Threshold = 0.5;

    public static PreviousMatch? Match(DraftItemFields item, IReadOnlyList<PreviousItem> previous)
    {
        var dimension = UnitCatalogue.Find(item.Unit)?.Dimension;
        return previous
            .Where(p => dimension is null || UnitCatalogue.Find(p.Unit)?.Dimension == dimension)
            .Select(p => new PreviousMatch(p.Code, p.Name, p.Owner, Math.Round(Dice(item.Name, p.Name), 2)))
            .Where(m => m.Score >= Threshold)
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.Code, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public static double Dice(string a, string b)
    {
        var x = Bigrams(a);
        var y = Bigrams(b);
        if (x.Count == 0 || y.Count == 0)
            return a.Length > 0 && a == b ? 1 : 0;
        var shared = x.Intersect(y).Count();
        return 2.0 * shared / (x.Count + y.Count);
    }

    private static HashSet<string> Bigrams(string s) =>
        Enumerable.Range(0, Math.Max(0, s.Length - 1)).Select(i => s.Substring(i, 2)).ToHashSet(StringComparer.Ordinal);
}
