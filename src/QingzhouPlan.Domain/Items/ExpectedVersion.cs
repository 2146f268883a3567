namespace QingzhouPlan.Domain.Items;

/// <summary>
/// A writer that read an item at a version may say so: its command then records nothing if the item has moved
/// since, so a system sending figures it worked out from what it read cannot overwrite what it did not see.
/// A command that records nothing anyway (the same report sent again) is answered as it would be without one.
/// </summary>
public static class ExpectedVersion
{
    public static Decision Guard(Decision decision, long? expected, long actual) =>
        decision is Decision.Accepted && expected is { } version && version != actual
            ? Decision.Refuse(RefusalKind.Conflict, "expectedVersion", $"the item is at version {actual}, not {version}: read it again",
                $"该指标已有更新（当前版本 {actual}，所据版本 {version}），请刷新后再报")
            : decision;
}
