namespace QingzhouPlan.Domain.Items;

/// <summary>
/// Whose writes an item accepts. A reporter writes only to items its department owns on the day of the
/// command (so a reassignment moves the right to report with it); roles that act on any item are named per
/// command. The check lives here, beside the state it reads, so no route or path shape can bypass it.
/// </summary>
public static class WriteScope
{
    public static Decision? Check(DatedHistory<OwnerEntry> owners, ActedBy actor, DateOnly today, params string[] anyItemRoles)
    {
        if (anyItemRoles.Any(actor.Holds) || actor.Holds(Roles.System))
            return null;
        if (owners.On(today) is not { } owner)
            return Decision.Refuse(RefusalKind.Forbidden, "item", "the item has no owner on record; only a reviewer may write to it");
        return owner.Department == actor.Department
            ? null
            : Decision.Refuse(RefusalKind.Forbidden, "item", $"the item belongs to department {owner.Department} since {owner.EffectiveFrom:yyyy-MM-dd}, not to {actor.Department}");
    }
}
