using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Domain.Reports;

/// <summary>
/// An item's state after its first events (as many as the state's version), and the latest instant any of them
/// was recorded. A report as of an instant no earlier than that may fold the item's later events onto this state
/// instead of folding its whole history: the result is the same, at a cost that no longer grows with the history.
/// </summary>
public sealed record ItemSnapshot(string Stream, DateTimeOffset KnownBy, IndicatorState? Indicator, TaskState? Task)
{
    public long Version => Indicator?.Version ?? Task?.Version ?? 0;
}
