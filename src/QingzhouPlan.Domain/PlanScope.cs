namespace QingzhouPlan.Domain;

/// <summary>
/// The plans a token may read and write: plan ids, a prefix ending in <c>*</c> for every plan of an
/// administrative area (plan ids are <c>{area}-{year}</c>, so <c>qingzhou-*</c> is every year of 青州), or
/// <c>*</c> for every plan on the server. A clerk of one county's department has no business in another's.
/// </summary>
[GenerateSerializer, Immutable, Alias("PlanScope")]
public sealed record PlanScope([property: Id(0)] IReadOnlyList<string> Patterns)
{
    public static readonly PlanScope Every = new(["*"]);

    public bool Covers(string planId) =>
        Patterns.Any(p => p == planId || (p.EndsWith('*') && planId.StartsWith(p[..^1], StringComparison.Ordinal)));

    /// <summary>Why a pattern is not one, or null: a plan id or a prefix of one, visible characters, at most 100.</summary>
    public static string? Problem(string pattern) =>
        pattern.Length is 0 or > 100 || pattern.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/')
            ? $"'{pattern}' is not a plan id or a prefix ending in *"
            : pattern.IndexOf('*') is var star && star >= 0 && star != pattern.Length - 1
                ? $"'{pattern}': * may only end a pattern"
                : null;

    public override string ToString() => string.Join(" ", Patterns);
}
