namespace QingzhouPlan.Server.Plans;

/// <summary>
/// A plan's change feed: each change numbered in the order the plan's grain heard of it, the last
/// <see cref="Length"/> kept for pages that reconnect. The epoch names this activation: a page that saw another
/// epoch missed what a restart lost, and reloads.
/// </summary>
public sealed class PlanFeed(long epoch)
{
    public const int Length = 2000;

    private readonly LinkedList<PlanChange> _changes = new();
    private long _sequence;

    public long Epoch => epoch;

    /// <summary>The change, numbered; the oldest kept is let go past <see cref="Length"/>.</summary>
    public PlanChange Add(Func<long, PlanChange> numbered)
    {
        var change = numbered(++_sequence);
        _changes.AddLast(change);
        if (_changes.Count > Length)
            _changes.RemoveFirst();
        return change;
    }

    public FeedPage Since(long sequence) => new(epoch, _changes.Where(c => c.Sequence > sequence).ToList());
}
