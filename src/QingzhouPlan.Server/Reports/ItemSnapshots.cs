using Marten;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Reports;

namespace QingzhouPlan.Server.Reports;

/// <summary>
/// Each item's state every <see cref="Interval"/> events, kept so that an as-of report folds only the events
/// after the latest one known by its instant. A snapshot is derived data, written after the commit it follows:
/// one that is missing only makes a report fold from further back. The events stay the authority: a report
/// can always be folded from them alone, and a test compares the two.
/// </summary>
public sealed class ItemSnapshots(IDocumentStore store, ILogger<ItemSnapshots> logger)
{
    public const int Interval = 16;

    /// <summary>Whether moving from one version to another passes a snapshot.</summary>
    public static bool Due(long before, long after) => after >= Interval && after / Interval > before / Interval;

    public async Task Keep(ItemSnapshot snapshot)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Store(new SnapshotDocument(SnapshotDocument.IdOf(snapshot.Stream, snapshot.Version), PlanKeys.Split(snapshot.Stream).PlanId, snapshot));
            await session.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            // The report folds from an earlier snapshot instead: slower, never different.
            logger.LogWarning("Snapshot of {Stream} at version {Version} not kept: {Error}", snapshot.Stream, snapshot.Version, ex.Message);
        }
    }

    /// <summary>
    /// Where each item's events known by an instant lie: after its latest snapshot whose events were all
    /// recorded by then (<see cref="Bounds.Start"/>), and no later than its first snapshot holding an event
    /// recorded after (<see cref="Bounds.Until"/>; an item's events are recorded in version order). With both,
    /// a report reads at most about one interval of events per item, however long the item's history.
    /// </summary>
    public async Task<Bounds> Around(string planId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // PostgreSQL takes instants in UTC only; the caller's offset does not change the instant.
        cutoff = cutoff.ToUniversalTime();
        await using var session = store.QuerySession();
        // Only one snapshot each way per item is read: an item with a long history has many, and loading them
        // all would bring back the cost of depth that snapshots are there to remove.
        var table = store.Options.FindOrResolveDocumentType(typeof(SnapshotDocument)).TableName.QualifiedName;
        var batch = session.CreateBatchQuery();
        var starts = batch.Query<SnapshotDocument>(
            $"""
            select distinct on (stream) data from {table}
            where plan_id = ? and known_by <= ?
            order by stream, version desc
            """, planId, cutoff);
        var untils = batch.Query<string>(
            $"""
            select distinct on (stream) id from {table}
            where plan_id = ? and known_by > ?
            order by stream, version
            """, planId, cutoff);
        await batch.Execute(cancellationToken);
        return new Bounds(
            (await starts).ToDictionary(d => d.Snapshot.Stream, d => d.Snapshot, StringComparer.Ordinal),
            (await untils).Select(SnapshotDocument.Split).ToDictionary(s => s.Stream, s => s.Version, StringComparer.Ordinal));
    }

    /// <param name="Start">Each item's latest snapshot known by the instant.</param>
    /// <param name="Until">Each item's last version that can have been known by the instant, where a snapshot shows it.</param>
    public sealed record Bounds(IReadOnlyDictionary<string, ItemSnapshot> Start, IReadOnlyDictionary<string, long> Until);
}
