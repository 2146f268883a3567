using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>The checks every indicator command makes first: the item exists, its year is open, the caller may write.</summary>
internal static class Guards
{
    public static Decision? Writable(IndicatorState state, ItemAction action, ActedBy actor, DateTimeOffset now)
    {
        if (state.Definition is null)
            return Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan", "本计划没有这个指标");
        return WriteScope.Check(action, state.Definition.PlanId, state.Owners, state.Closed, actor, PlanClock.Today(now)) is { } refused ? new Decision.Refused(refused) : null;
    }

    /// <summary>A change of a figure says why, within the text limit.</summary>
    public static Decision? Reason(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? Decision.Refuse(RefusalKind.Invalid, "reason", "a reason is required: say why the figure changes", "须说明数据变动的原因")
            : reason.Length > TextLimit.Characters
                ? Decision.Refuse(RefusalKind.Invalid, "reason", TextLimit.TooLong, $"原因{TextLimit.TooLongClerk}")
                : null;
}
