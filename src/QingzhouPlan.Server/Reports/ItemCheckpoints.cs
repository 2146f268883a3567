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
    public const int Interval = 32;

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
        var documents = await session.Query<CheckpointDocument>()
            .Where(d => d.PlanId == planId && d.Checkpoint.KnownBy <= cutoff)
            .ToListAsync(cancellationToken);
        return documents.GroupBy(d => d.Checkpoint.Stream)
            .ToDictionary(g => g.Key, g => g.MaxBy(d => d.Checkpoint.Version)!.Checkpoint, StringComparer.Ordinal);
    }
}

