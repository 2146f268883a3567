using Marten;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Rounds;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// Attaches to indicators that continue one of the previous plan's that item's figures (上年同期), for the
/// year-on-year rule to read — only where such a rule of the round covers them, so no other decision pays for the read.
/// </summary>
public static class LastYears
{
    public static bool Needed(IndicatorState state, RoundPolicy policy) =>
        state.Definition is { Continues: not null } d && policy.Rules.Any(r => r.Kind == RuleKind.YearOnYear && r.Covers(d.Code));

    /// <summary>The previous items' stream keys the states need.</summary>
    public static IReadOnlyList<string> Wanted(IEnumerable<IndicatorState> states, RoundPolicy policy) =>
        states.Where(s => Needed(s, policy)).Select(s => s.Definition!.Continues!).Distinct().ToList();

    /// <summary>The states, each that needs it with the given previous item's figures attached.</summary>
    public static IReadOnlyList<IndicatorState> With(IReadOnlyList<IndicatorState> states, RoundPolicy policy, IReadOnlyDictionary<string, IndicatorState> previous) =>
        states.Select(s => Needed(s, policy) && previous.TryGetValue(s.Definition!.Continues!, out var before)
            ? s with { LastYear = new LastYear(before.Definition?.Unit ?? "", before.Figures.ToDictionary(f => f.Key, f => f.Value.Value)) }
            : s).ToList();

    /// <summary>As the store holds the previous items now, read in one round trip.</summary>
    public static async Task<IReadOnlyList<IndicatorState>> Attach(IQuerySession session, IReadOnlyList<IndicatorState> states, RoundPolicy policy, CancellationToken ct)
    {
        var keys = Wanted(states, policy);
        if (keys.Count == 0)
            return states;
        var previous = (await session.LoadManyAsync<IndicatorDocument>(ct, keys)).ToDictionary(d => d.Id, d => d.State, StringComparer.Ordinal);
        return With(states, policy, previous);
    }
}
