using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Server.Items;

/// <summary>What a user may do to an item today: the page shows these controls and no others.</summary>
public sealed record ItemPermissions(string Item, IReadOnlyList<ItemAction> Actions);
