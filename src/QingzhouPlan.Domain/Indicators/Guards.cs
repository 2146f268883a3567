using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>The checks every indicator command makes first: the item exists, its year is open, the caller may write.</summary>
internal static class Guards
{
    public static Decision? Writable(IndicatorState state, ActedBy actor, DateTimeOffset now, params string[] anyItemRoles)
    {
        if (state.Definition is null)
            return Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan");
        if (state.Closed)
            return Closing.Refusal();
        return WriteScope.Check(state.Owners, actor, PlanClock.Today(now), anyItemRoles);
    }
}
