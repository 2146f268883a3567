using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Audit;

/// <summary>Reads a plan's events as they were known at an instant, or up to pinned versions.</summary>
public sealed class PlanEventReader(IDocumentStore store, Reports.ItemSnapshots snapshots)
{
    private readonly Lazy<IReadOnlyDictionary<string, EventMapping>> _eventTypes = new(() => EventAliases.Of(store));

    /// <summary>
    /// The plan's items, from the event store itself (each item stream's founding event), not from read-model
    /// rows that could be missing or altered without the chain noticing.
    /// </summary>
    public async Task<IReadOnlyList<string>> StreamKeys(string planId, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = FoundingCommand(store.Options.Events.DatabaseSchemaName, planId);
        command.Connection = connection;
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (_eventTypes.Value.TryGetValue(reader.GetString(1), out var type) && type.DocumentType is { } t
                && (t == typeof(IndicatorDefined) || t == typeof(TaskDefined)))
                keys.Add(reader.GetString(0));
        return keys.Order(StringComparer.Ordinal).ToList();
    }

    // The key and type of the first event of every stream whose key begins with the plan's id, through the
    // partial index of founding events (see EventTimeIndex). The prefix is a range of keys, not a LIKE pattern, and
    // the version a constant: the server's connections prepare statements they repeat, and a plan PostgreSQL keeps
    // for any parameters can use an index for a range but not for a pattern it cannot see, nor a partial index whose
    // condition it cannot prove (every as-of report then read the founding event of every item in the store).
    internal static NpgsqlCommand FoundingCommand(string schema, string planId)
    {
        var prefix = planId + "/";
        var command = new NpgsqlCommand(
            $"""
            select stream_id, type from {schema}.mt_events
            where stream_id ~>=~ @from and stream_id ~<~ @until and version = 1 and not is_archived
            """);
        command.Parameters.AddWithValue("from", prefix);
        command.Parameters.AddWithValue("until", prefix[..^1] + (char)(prefix[^1] + 1));
        return command;
    }

    /// <summary>Every event of the plan's items recorded at or before <paramref name="asOf"/>.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> KnownAt(string planId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var keys = (await StreamKeys(planId, cancellationToken)).ToArray();
        var cutoff = asOf.ToUniversalTime();
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.IsOneOf(keys) && e.Timestamp <= cutoff)
            .ToListAsync(cancellationToken);
        return events.Select(ToRecorded).ToList();
    }

    /// <summary>
    /// The execution report for a period as it stood at an instant. Items with a snapshot known by then are
    /// folded from it, reading only their later events up to their first snapshot not yet known (one statement
    /// for all of them); the others from their first event. The same report as folding every event known by then
    /// (<see cref="KnownAt"/>), at a cost that stays flat as items' histories grow.
    /// </summary>
    public async Task<ExecutionReport> ReportAt(string planId, Period period, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var keys = await StreamKeys(planId, cancellationToken);
        var cutoff = asOf.ToUniversalTime();
        var bounds = await snapshots.Around(keys, cutoff, cancellationToken);
        var starts = bounds.Start.Where(c => keys.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var ranges = keys.ToDictionary(
            k => k,
            k => (After: starts.TryGetValue(k, out var c) ? c.Version : 0, Until: bounds.Until.TryGetValue(k, out var u) ? u : (long?)null),
            StringComparer.Ordinal);
        return AsOfReport.Build(planId, period, asOf, await Within(ranges, cutoff, cancellationToken), starts);
    }

    // Events of streams within version ranges — after After, up to Until where one is given — recorded by the
    // cutoff. One statement whose text never changes: the ranges travel as arrays and each is read through an
    // index on its own stream, so a long history costs only the range a report needs. A LINQ condition per item
    // gave PostgreSQL a new statement to plan for every report, and it read the time index of the whole store
    // alongside (docs/benchmarks.md).
    private async Task<IReadOnlyList<RecordedEvent>> Within(
        IReadOnlyDictionary<string, (long After, long? Until)> ranges, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = WithinCommand(store.Options.Events.DatabaseSchemaName, ranges, cutoff);
        command.Connection = connection;
        var serializer = store.Options.Serializer();
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = _eventTypes.Value.TryGetValue(reader.GetString(4), out var known) ? known.DocumentType
                : throw new InvalidOperationException($"event type '{reader.GetString(4)}' is not registered with the store");
            events.Add(new RecordedEvent(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3),
                serializer.FromJson(type, reader, 5)));
        }
        return events;
    }

    // OFFSET 0 keeps PostgreSQL from flattening the per-range subquery into a join, which its estimates can
    // turn into a hash over every event of the store recorded by the cutoff.
    internal static NpgsqlCommand WithinCommand(string schema, IReadOnlyDictionary<string, (long After, long? Until)> ranges, DateTimeOffset cutoff)
    {
        var command = new NpgsqlCommand(
            $"""
            select e.stream_id, e.version, e.seq_id, e.timestamp, e.type, e.data
            from unnest(@streams, @after, @until) as r(stream, after, until)
            cross join lateral (
                select * from {schema}.mt_events
                where stream_id = r.stream and version > r.after and version <= r.until and timestamp <= @cutoff and not is_archived
                offset 0) e
            """);
        command.Parameters.AddWithValue("streams", ranges.Keys.ToArray());
        command.Parameters.AddWithValue("after", ranges.Values.Select(r => r.After).ToArray());
        command.Parameters.AddWithValue("until", ranges.Values.Select(r => r.Until ?? long.MaxValue).ToArray());
        command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        return command;
    }

    /// <summary>Every event of the pinned streams up to each stream's pinned version.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> UpTo(IReadOnlyDictionary<string, long> versions, CancellationToken cancellationToken)
    {
        var keys = versions.Keys.ToArray();
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.IsOneOf(keys)).ToListAsync(cancellationToken);
        return events.Where(e => e.Version <= versions[e.StreamKey!]).Select(ToRecorded).ToList();
    }

    /// <summary>One item's events, in order.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> Stream(string key, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return (await session.Events.FetchStreamAsync(key, token: cancellationToken)).Select(ToRecorded).ToList();
    }

    public static RecordedEvent ToRecorded(IEvent e) => new(e.StreamKey!, e.Version, e.Sequence, e.Timestamp, e.Data);
}
