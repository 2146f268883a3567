namespace QingzhouPlan.Domain.Items;

/// <summary>A department's ownership of an item from a date, with the document that decided it (文件号).</summary>
[GenerateSerializer, Immutable, Alias("OwnerEntry")]
public sealed record OwnerEntry(
    [property: Id(0)] string Department,
    [property: Id(1)] DateOnly EffectiveFrom,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] long Version,
    [property: Id(4)] string Basis) : IDated;

public static class Ownership
{
    /// <summary>The department answerable for a period: the owner in force on the period's last day, as known at an instant.</summary>
    public static string? OwnerFor(this DatedHistory<OwnerEntry> owners, Periods.Period period, DateTimeOffset? knownAt = null) =>
        owners.On(period.LastDay, knownAt)?.Department;
}

/// <summary>
/// The item moves to another department from a date (机构改革, a task handed over), with the basis. The
/// earlier owner stays on record for the periods before: nothing in the past is rewritten.
/// </summary>
public sealed record OwnerReassigned(
    string Department,
    string PreviousDepartment,
    DateOnly EffectiveFrom,
    string Basis,
    string? Reason,
    ActedBy Actor) : IItemEvent;

/// <summary>Reassigns an item from a date (reviewers and administrators).</summary>
[GenerateSerializer, Immutable, Alias("ReassignOwner")]
public sealed record ReassignOwner(
    [property: Id(0)] string Department,
    [property: Id(1)] DateOnly EffectiveFrom,
    [property: Id(2)] string Basis,
    [property: Id(3)] string? Reason);

public static class ReassignOwnerDecision
{
    /// <summary>
    /// A reassignment names a department, a date in the plan year and a basis (that the department exists on
    /// that date is the plan's to check: the item does not know the plan's departments). Reassigning to the
    /// department already in force from that date is an idempotent retry; a reassignment for a date before
    /// the latest one recorded is allowed (a decision recorded late), since owners are dated, not overwritten.
    /// </summary>
    public static Decision Decide(string planId, DatedHistory<OwnerEntry> owners, int? planYear, bool closed, ReassignOwner command, ActedBy actor, DateOnly today)
    {
        if (closed)
            return Decision.Refuse(RefusalKind.Conflict, "item", "the plan year is closed: owners of a finished plan are history",
                "计划年度已关闭，不能再调整责任单位");
        if (WriteScope.Check(ItemAction.Reassign, planId, owners, closed, actor, today) is { } refused)
            return new Decision.Refused(refused);
        if (string.IsNullOrWhiteSpace(command.Department))
            return Decision.Refuse(RefusalKind.Invalid, "department", "required: the department the item moves to", "须写明调整后的责任单位");
        if (planYear is { } year && command.EffectiveFrom.Year != year)
            return Decision.Refuse(RefusalKind.Invalid, "effectiveFrom", $"must fall within the plan year {year}", $"生效日期须在计划年度 {year} 年内");
        if (string.IsNullOrWhiteSpace(command.Basis))
            return Decision.Refuse(RefusalKind.Invalid, "basis", "the basis is required: the document that decides it (文件号)", "须写明依据（文件号）");
        if (command.Basis.Length > TextLimit.Characters || command.Reason?.Length > TextLimit.Characters)
            return Decision.Refuse(RefusalKind.Invalid, command.Basis.Length > TextLimit.Characters ? "basis" : "reason", TextLimit.TooLong,
                (command.Basis.Length > TextLimit.Characters ? "依据" : "原因") + TextLimit.TooLongClerk);
        var current = owners.On(command.EffectiveFrom)!;
        if (current.Department == command.Department)
            return new Decision.AlreadyDone();
        return Decision.Accept(new OwnerReassigned(command.Department, current.Department, command.EffectiveFrom,
            command.Basis.Trim(), command.Reason?.Trim(), actor));
    }
}
