using System.Collections.Concurrent;

namespace QingzhouPlan.Server.Plans;

/// <summary>What the last start found different between each seed file and its plan in the store.</summary>
public sealed class SeedDifferenceLog
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _byPlan = new(StringComparer.Ordinal);

    public void Record(string planId, IReadOnlyList<string> differences) => _byPlan[planId] = differences;

    public IReadOnlyList<string>? For(string planId) => _byPlan.GetValueOrDefault(planId);
}
