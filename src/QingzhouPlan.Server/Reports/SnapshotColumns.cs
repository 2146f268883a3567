using Marten;

namespace QingzhouPlan.Server.Reports;

/// <summary>
/// Fills the stream, version and time columns of snapshots stored before those were kept in columns of
/// their own. Marten fills a new column from the document's top-level field of the same name, which such
/// snapshots do not have; left empty, they would never be found, and reports would fold from further back
/// (slower, never different). Runs at every start; with nothing to fill it changes nothing.
/// </summary>
public sealed class SnapshotColumns(IDocumentStore store, ILogger<SnapshotColumns> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(SnapshotDocument)).TableName.QualifiedName;
        await using var session = store.LightweightSession();
        session.QueueSqlCommand(
            $"""
            update {table} set
                stream = data -> '{SnapshotDocument.JsonName}' ->> 'Stream',
                version = (data -> '{SnapshotDocument.JsonName}' ->> 'Version')::bigint,
                known_by = (data -> '{SnapshotDocument.JsonName}' ->> 'KnownBy')::timestamptz
            where stream is null or version is null or known_by is null
            """);
        await session.SaveChangesAsync(cancellationToken);
        logger.LogDebug("Snapshot columns filled where they were empty");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
