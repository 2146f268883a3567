using JasperFx.Events;

namespace QingzhouPlan.Server.Audit;

/// <summary>Which of the store's events are the system's own: a failed append leaves Marten's tombstones behind, which belong to no stream of ours.</summary>
public static class StoreEvents
{
    public static bool IsOurs(this IEvent e) => e.StreamKey is { } key && key != Tombstone.StreamKey && e.Data is not Tombstone;
}
