using Marten;
using Npgsql;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// Marten keeps no index on event time, so "what was known at T" would scan the event log. This adds
/// one on (stream_id, timestamp): an as-of query reads only the plan's streams, and within each only the
/// events recorded by T. A second one finds a plan's streams by key prefix among founding events (a range of
/// keys compared character by character, whatever the database's collation), and without it each as-of report
/// read the founding event of every plan in the store (docs/benchmarks.md). Marten's
/// migrations do not manage them, so they are (re)created on every start.
/// </summary>
public sealed class EventTimeIndex(IDocumentStore store, IConfiguration configuration) : IHostedService
{
    public const string Name = "qz_events_stream_timestamp";

    public const string FoundingName = "qz_events_founding";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Marten"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"CREATE INDEX IF NOT EXISTS {Name} ON {schema}.mt_events (stream_id, \"timestamp\");" +
            $"CREATE INDEX IF NOT EXISTS {FoundingName} ON {schema}.mt_events (stream_id text_pattern_ops) WHERE version = 1", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
