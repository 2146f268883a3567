using Marten;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Reports;

namespace QingzhouPlan.Server.Reports;

/// <summary>
/// Each item's state every <see cref="Interval"/> events, kept so that an as-of report folds only the events
/// after the latest one known by its instant. A snapshot is derived data, written after the commit it follows:
/// one that is missing only makes a report fold from further back. The events stay the authority: a report
/// can always be folded from them alone, and a test compares the two. The columns a snapshot is found by
/// (stream, version, known_by, id) only find it: what it says is taken from its body, which verification folds
/// again from the events, so a changed column can make a report slower but never different.
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
    /// So an item's snapshots' times rise with their versions: the latest known by the instant has the latest time.
    /// </summary>
    public async Task<Bounds> Around(IReadOnlyCollection<string> streams, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // PostgreSQL takes instants in UTC only; the caller's offset does not change the instant.
        cutoff = cutoff.ToUniversalTime();
        await using var session = store.QuerySession();
        // Only one snapshot each way per item is read: an item with a long history has many, and loading them
        // all would bring back the cost of depth that snapshots are there to remove. Each is found by one probe of
        // the (stream, known_by, version) index per item and only then its body read. Choosing among the bodies made
        // PostgreSQL fetch and sort every body of the plan on that side of the instant (p95 ×5 at a hundred times the
        // history); choosing among the plan's rows by their columns still read every row (docs/benchmarks.md).
        var table = store.Options.FindOrResolveDocumentType(typeof(SnapshotDocument)).TableName.QualifiedName;
        var keys = streams.ToArray();
        var batch = session.CreateBatchQuery();
        var starts = batch.Query<SnapshotDocument>(
            $"""
            select s.data from unnest(?) as item(stream) cross join lateral (
                select data from {table}
                where stream = item.stream and known_by <= ?
                order by known_by desc, version desc limit 1) s
            """, keys, cutoff);
        // Only the body's stream, version and time are read of the bound: a few numbers, not the state.
        var untils = batch.Query<Mark>(
            $"""
            select jsonb_build_object(
                'Stream', s.data -> '{SnapshotDocument.JsonName}' ->> 'Stream',
                'Version', (s.data -> '{SnapshotDocument.JsonName}' ->> 'Version')::bigint,
                'KnownBy', s.data -> '{SnapshotDocument.JsonName}' -> 'KnownBy')
            from unnest(?) as item(stream) cross join lateral (
                select data from {table}
                where stream = item.stream and known_by > ?
                order by known_by, version limit 1) s
            """, keys, cutoff);
        await batch.Execute(cancellationToken);
        // A snapshot starts a report only if its body says it was known by the instant, and bounds one only if its body
        // says it was not (an item's events are recorded in version order): a column changed behind the system's back
        // that found the wrong one is caught here, and the report folds from further back instead.
        return new Bounds(
            (await starts).Select(d => d.Snapshot).Where(s => s.KnownBy <= cutoff)
                .GroupBy(s => s.Stream, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Version)!, StringComparer.Ordinal),
            (await untils).Where(m => m.KnownBy > cutoff)
                .GroupBy(m => m.Stream, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(m => m.Version), StringComparer.Ordinal));
    }

    private sealed record Mark(string Stream, long Version, DateTimeOffset KnownBy);

    /// <param name="Start">Each item's latest snapshot known by the instant.</param>
    /// <param name="Until">Each item's last version that can have been known by the instant, where a snapshot shows it.</param>
    public sealed record Bounds(IReadOnlyDictionary<string, ItemSnapshot> Start, IReadOnlyDictionary<string, long> Until);
}
