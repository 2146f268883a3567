namespace QingzhouPlan.Domain.Items;

/// <summary>
/// The one authority for "may this actor do this to this item on this day": the plans the token covers, role
/// and department together, and the year's closing. Some roles act for the department that owns the item on the day of the command
/// (so a reassignment moves the right to report with it), others on any item. Every decider asks here first,
/// and the items answer what a user may do from here, so no route, form or page can decide otherwise.
/// </summary>
public static class WriteScope
{
    // Roles that act only for the item's owning department, and roles that act on any item.
    private static (string[] Own, string[] Any) Rule(ItemAction action) => action switch
    {
        ItemAction.Report or ItemAction.Retract or ItemAction.ReportProgress => ([Roles.Reporter], []),
        ItemAction.Correct => ([Roles.Reporter], [Roles.Reviewer]),
        ItemAction.Verify => ([], [Roles.Reviewer]),
        ItemAction.AdjustTarget or ItemAction.Reassign => ([], [Roles.Reviewer, Roles.Admin]),
        ItemAction.Close => ([], [Roles.Admin]),
        ItemAction.Submit => ([Roles.Reporter], []),
        ItemAction.OpenException => ([], [Roles.Reviewer]),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Why the actor may not, or null when it may. The system (seed loading, deadlines) may do anything.</summary>
    public static Refusal? Check(ItemAction action, string planId, DatedHistory<OwnerEntry> owners, bool closed, ActedBy actor, DateOnly today)
    {
        if (actor.Holds(Roles.System))
            return null;
        if (actor.Plans is { } scope && !scope.Covers(planId))
            return new Refusal(RefusalKind.Forbidden, "planId", $"the token covers {scope}, not the plan {planId}", $"您的账号无权办理计划 {planId} 的事项");
        var (own, any) = Rule(action);
        var byRole = any.Any(actor.Holds);
        if (!byRole && !own.Any(actor.Holds))
            return new Refusal(RefusalKind.Forbidden, "role", $"{Describe(action)} needs the role {string.Join(" or ", own.Concat(any))}",
                $"{Chinese(action)}须由{string.Join("或", own.Concat(any).Select(Roles.Describe))}办理");
        // A closed year's figures change only by review (a reviewer's correction); closing again changes nothing.
        if (closed && !(action == ItemAction.Close || (action == ItemAction.Correct && actor.Holds(Roles.Reviewer))))
            return CloseItemDecision.ClosedYear;
        if (byRole)
            return null;
        if (owners.On(today) is not { } owner)
            return new Refusal(RefusalKind.Forbidden, "item", "the item has no owner on record; only a reviewer may write to it",
                "该事项没有登记责任单位，只有审核员可以填报");
        return owner.Department == actor.Department
            ? null
            : new Refusal(RefusalKind.Forbidden, "item", $"the item belongs to department {owner.Department} since {owner.EffectiveFrom:yyyy-MM-dd}, not to {actor.Department}",
                $"该事项自 {owner.EffectiveFrom:yyyy-MM-dd} 起由 {owner.Department} 负责，{actor.Department} 无权办理");
    }

    /// <summary>
    /// Why the actor may not act at an approval level of a figure the department <paramref name="owner"/> owns, or null when
    /// it may: the level's role, and for a department's own level, the same department. The plan scope applies as above.
    /// </summary>
    public static Refusal? CheckLevel(Rounds.ApprovalLevel level, string planId, string? owner, ActedBy actor)
    {
        if (actor.Holds(Roles.System))
            return null;
        if (actor.Plans is { } scope && !scope.Covers(planId))
            return new Refusal(RefusalKind.Forbidden, "planId", $"the token covers {scope}, not the plan {planId}", $"您的账号无权办理计划 {planId} 的事项");
        if (!actor.Holds(level.Role))
            return new Refusal(RefusalKind.Forbidden, "role", $"the level {level.Code} ({level.Name}) needs the role {level.Role}",
                $"{level.Name}须由{Roles.Describe(level.Role)}办理");
        return level.OwnDepartment && owner != actor.Department
            ? new Refusal(RefusalKind.Forbidden, "item", $"the level {level.Code} acts for the owning department {owner}, not for {actor.Department}",
                $"{level.Name}由责任单位 {owner} 办理，{actor.Department} 无权办理")
            : null;
    }

    /// <summary>What can be done to an indicator.</summary>
    public static readonly IReadOnlyList<ItemAction> IndicatorActions =
        [ItemAction.Report, ItemAction.Correct, ItemAction.Retract, ItemAction.Verify, ItemAction.AdjustTarget, ItemAction.Reassign, ItemAction.Close,
         ItemAction.Submit, ItemAction.OpenException];

    /// <summary>What can be done to a task.</summary>
    public static readonly IReadOnlyList<ItemAction> TaskActions = [ItemAction.ReportProgress, ItemAction.Reassign, ItemAction.Close];

    /// <summary>Of the actions an item has, those the actor may do today.</summary>
    public static IReadOnlyList<ItemAction> Allowed(
        IReadOnlyList<ItemAction> actions, string planId, DatedHistory<OwnerEntry> owners, bool closed, ActedBy actor, DateOnly today) =>
        actions.Where(a => Check(a, planId, owners, closed, actor, today) is null).ToList();

    private static string Describe(ItemAction action) => action switch
    {
        ItemAction.Report => "reporting a figure",
        ItemAction.Correct => "correcting a figure",
        ItemAction.Retract => "retracting a figure",
        ItemAction.Verify => "verifying a figure",
        ItemAction.AdjustTarget => "adjusting a target",
        ItemAction.ReportProgress => "reporting task progress",
        ItemAction.Reassign => "reassigning an item",
        ItemAction.Close => "closing the plan year",
        ItemAction.Submit => "submitting a figure for approval",
        ItemAction.OpenException => "reopening entry after the window closed",
        _ => action.ToString(),
    };

    private static string Chinese(ItemAction action) => action switch
    {
        ItemAction.Report => "报送数据",
        ItemAction.Correct => "更正数据",
        ItemAction.Retract => "撤回数据",
        ItemAction.Verify => "核实数据",
        ItemAction.AdjustTarget => "调整目标",
        ItemAction.ReportProgress => "报送任务进展",
        ItemAction.Reassign => "调整责任单位",
        ItemAction.Close => "关闭计划年度",
        ItemAction.Submit => "报送审核",
        ItemAction.OpenException => "开放补报例外",
        _ => action.ToString(),
    };
}
