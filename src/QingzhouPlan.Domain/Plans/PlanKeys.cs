namespace QingzhouPlan.Domain.Plans;

/// <summary>
/// Stream keys, which are also grain keys: a plan is "qingzhou-2024", its items "qingzhou-2024/GDP".
/// Item codes are unique within a plan across indicators and tasks. A department's grain is keyed alike
/// ("qingzhou-2024/gxj"), but it has no stream: its key lives beside items' only as grain keys of another type.
/// </summary>
public static class PlanKeys
{
    public static string Item(string planId, string code) => $"{planId}/{code}";

    public static string Department(string planId, string department) => $"{planId}/{department}";

    public static (string PlanId, string Code) Split(string itemKey)
    {
        var slash = itemKey.IndexOf('/');
        return slash < 0 ? (itemKey, "") : (itemKey[..slash], itemKey[(slash + 1)..]);
    }
}
