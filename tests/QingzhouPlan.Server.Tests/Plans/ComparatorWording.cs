using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>
/// Reads the comparator a clause gives a number: a word right after the number and unit (以上, 左右,
/// 以内) wins; otherwise the nearest word before it since the previous quantity (突破, 力争, 争取);
/// otherwise the plain number, which is 达到.
/// </summary>
public static class ComparatorWording
{
    public static Comparator? Read(string source, string number, string unit)
    {
        var quantity = FindQuantity(source, number, unit);
        if (quantity < 0)
            return null;
        var after = source[(quantity + number.Length)..].TrimStart();
        after = after.StartsWith(unit, StringComparison.Ordinal) ? after[unit.Length..] : after;
        if (after.StartsWith("以上", StringComparison.Ordinal)) return Comparator.AtLeast;
        if (after.StartsWith("左右", StringComparison.Ordinal)) return Comparator.Approximately;
        if (after.StartsWith("以内", StringComparison.Ordinal)) return Comparator.AtMost;

        var before = source[..quantity];
        var previous = PlanDocument.Numbers(before).Select(n => n.Index + n.Number.Length).DefaultIfEmpty(0).Last();
        var lead = before[previous..];
        var words = new (string Word, Comparator Comparator)[]
        {
            ("突破", Comparator.Exceed), ("力争", Comparator.Strive), ("争取", Comparator.Strive),
        };
        var nearest = words
            .Select(w => (w.Comparator, Index: lead.LastIndexOf(w.Word, StringComparison.Ordinal)))
            .Where(w => w.Index >= 0)
            .OrderByDescending(w => w.Index)
            .ToList();
        return nearest.Count > 0 ? nearest[0].Comparator : Comparator.Reach;
    }

    /// <summary>Where the number stands as a whole quantity, followed (after an optional space) by its unit.</summary>
    private static int FindQuantity(string source, string number, string unit) =>
        PlanDocument.Numbers(source)
            .Where(n => n.Number == number && source[(n.Index + number.Length)..].TrimStart().StartsWith(unit, StringComparison.Ordinal))
            .Select(n => n.Index)
            .DefaultIfEmpty(-1)
            .First();
}
