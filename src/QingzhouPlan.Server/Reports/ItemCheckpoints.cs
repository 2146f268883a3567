using Marten;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Reports;

namespace QingzhouPlan.Server.Reports;

/// <summary>
/// Each item's state every <see cref="Interval"/> events, kept so that an as-of report folds only the events
/// after the latest one known by its instant. A checkpoint is derived data, written after the commit it follows:
/// one that is missing only makes a report fold from further back. The events stay the authority: a report
/// can always be folded from them alone, and a test compares the two.
/// </summary>
public sealed class ItemCheckpoints(IDocumentStore store, ILogger<ItemCheckpoints> logger)
{
    public const int Interval = 16;

    /// <summary>Whether moving from one version to another passes a checkpoint.</summary>
    public static bool Due(long before, long after) => after >= Interval && after / Interval > before / Interval;

    public async Task Keep(ItemCheckpoint checkpoint)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Store(new CheckpointDocument($"{checkpoint.Stream}@{checkpoint.Version}", PlanKeys.Split(checkpoint.Stream).PlanId, checkpoint));
            await session.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            // The report folds from an earlier checkpoint instead: slower, never different.
            logger.LogWarning("Checkpoint of {Stream} at version {Version} not kept: {Error}", checkpoint.Stream, checkpoint.Version, ex.Message);
        }
    }

    /// <summary>Each item's latest checkpoint whose events were all recorded by the instant.</summary>
    public async Task<IReadOnlyDictionary<string, ItemCheckpoint>> Latest(string planId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        // Only the latest per item is read: an item with a long history has many checkpoints, and loading them
        // all would bring back the cost of depth that checkpoints are there to remove.
        var table = store.Options.FindOrResolveDocumentType(typeof(CheckpointDocument)).TableName.QualifiedName;
        var documents = await session.QueryAsync<CheckpointDocument>(
            $"""
            select distinct on (data -> 'Checkpoint' ->> 'Stream') data from {table}
            where data ->> 'PlanId' = ? and (data -> 'Checkpoint' ->> 'KnownBy')::timestamptz <= ?
            order by data -> 'Checkpoint' ->> 'Stream', (data -> 'Checkpoint' ->> 'Version')::bigint desc
            """, cancellationToken, planId, cutoff);
        return documents.ToDictionary(d => d.Checkpoint.Stream, d => d.Checkpoint, StringComparer.Ordinal);
    }
}
