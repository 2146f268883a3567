using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>The checks every indicator command makes first: the item exists, its year is open, the caller may write.</summary>
internal static class Guards
{
    public static Decision? Writable(IndicatorState state, ItemAction action, ActedBy actor, DateTimeOffset now)
    {
        if (state.Definition is null)
            return Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan");
        return WriteScope.Check(action, state.Owners, state.Closed, actor, PlanClock.Today(now)) is { } refused ? new Decision.Refused(refused) : null;
    }
}
