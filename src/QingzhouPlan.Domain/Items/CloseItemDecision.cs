namespace QingzhouPlan.Domain.Items;

/// <summary>
/// The plan year of an item is closed (决算): its figures are published. After this only a reviewer's
/// correction with a reason changes a figure; reports, retractions, reassignments and progress are refused.
/// </summary>
public sealed record ItemClosed(string Reason, ActedBy Actor) : IItemEvent;

public static class CloseItemDecision
{
    public static Decision Decide(string planId, DatedHistory<OwnerEntry> owners, bool alreadyClosed, string? reason, ActedBy actor, DateOnly today) =>
        WriteScope.Check(ItemAction.Close, planId, owners, alreadyClosed, actor, today) is { } refused ? new Decision.Refused(refused)
        : alreadyClosed ? new Decision.AlreadyDone()
        : string.IsNullOrWhiteSpace(reason) ? Decision.Refuse(RefusalKind.Invalid, "reason", "a reason is required to close a plan year", "关闭计划年度须说明原因")
        : Decision.Accept(new ItemClosed(reason.Trim(), actor));

    /// <summary>The refusal for a write to a closed item that is not a reviewer's correction.</summary>
    public static readonly Refusal ClosedYear =
        new(RefusalKind.Conflict, "item", "the plan year is closed: only a reviewer's correction with a reason can change its figures",
            "计划年度已关闭（决算）：只有审核员说明原因的更正才能改动数据");
}
