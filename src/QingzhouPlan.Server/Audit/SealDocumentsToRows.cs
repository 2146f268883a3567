using Marten;
using Npgsql;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// Stores written before the seals became rows kept each stream's links in one document (mt_doc_streamseal).
/// On every start the links of those documents that are not yet rows are copied, in one statement, so a store
/// carried over verifies as before — including links a node of the previous version wrote during an upgrade, once
/// a node restarts. The documents are left where they are.
/// </summary>
public sealed class SealDocumentsToRows(IDocumentStore store, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Marten"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            DO $$ BEGIN
              IF to_regclass('{schema}.mt_doc_streamseal') IS NOT NULL THEN
                INSERT INTO {schema}.{SealLinks.TableName} (stream_id, version, seq_id, type, hash, algorithm)
                SELECT s.id, (l->>'Version')::bigint, (l->>'Sequence')::bigint, l->>'Type', l->>'Hash', coalesce((l->>'Algorithm')::int, 1)
                FROM {schema}.mt_doc_streamseal s CROSS JOIN jsonb_array_elements(s.data->'Links') l
                ON CONFLICT DO NOTHING;
              END IF;
            END $$
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
