using JasperFx.Events;
using Marten;
using Marten.Events;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Reads the event store in pages of sequence numbers, straight from mt_events with one plain statement, for a
/// rebuild. A page is a range of numbers, not "the next N events", and is put in order here rather than by
/// PostgreSQL: asked for the next N in order, PostgreSQL (misled by estimates made before a bulk load) fetched
/// every event up to the end and sorted them on disk, for every page. Marten's own event query did that and
/// also built and translated a LINQ query per page (docs/benchmarks.md). Archived events are
/// left out, as the daemon leaves them out of a subscription, and so are Marten's tombstones for failed commits,
/// which make no points. An event of a type not registered in MartenSetup stops the read: skipping it would
/// leave a rebuild short of what the live subscription writes.
/// </summary>
public sealed class EventPages(IDocumentStore store)
{
    private readonly Lazy<IReadOnlyDictionary<string, EventMapping>> _types = new(() => EventAliases.Of(store));
    private readonly Lazy<string> _tombstone = new(() => ((EventGraph)store.Options.Events).EventMappingFor(typeof(Tombstone)).EventTypeName);

    // The events numbered after `after`, at most `size` numbers on and none past `upTo`.
    public async Task<EventPage> After(long after, long upTo, int size, CancellationToken cancellationToken)
    {
        var through = Math.Min(after + size, upTo);
        using var stage = EventReplay.StartStage("rebuild.read", (int)(through - after));
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            select seq_id, stream_id, version, timestamp, type, data from {store.Options.Events.DatabaseSchemaName}.mt_events
            where seq_id > @after and seq_id <= @through and not is_archived
            """;
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("through", through);
        var serializer = store.Options.Serializer();
        var events = new List<IEvent>(size);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var alias = reader.GetString(4);
            if (!_types.Value.TryGetValue(alias, out var type))
            {
                if (alias == _tombstone.Value)
                    continue;
                throw new InvalidOperationException($"event {reader.GetInt64(0)} has the type '{alias}', which is not registered with the store");
            }
            var @event = type.Wrap(serializer.FromJson(type.DocumentType, reader, 5));
            @event.Sequence = reader.GetInt64(0);
            @event.StreamKey = reader.GetString(1);
            @event.Version = reader.GetInt64(2);
            @event.Timestamp = reader.GetFieldValue<DateTimeOffset>(3);
            events.Add(@event);
        }
        // Rows come back mostly in the order they were stored: sorted only when they are not.
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i - 1].Sequence > events[i].Sequence)
            {
                events.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
                break;
            }
        }
        return new EventPage(events, through);
    }

    // Each stream's last version among the events up to `upTo`: where a rebuild may let its points go.
    public async Task<IReadOnlyDictionary<string, long>> LastVersions(long upTo, CancellationToken cancellationToken)
    {
        using var stage = EventReplay.StartStage("rebuild.last versions", 0);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            select stream_id, max(version) from {store.Options.Events.DatabaseSchemaName}.mt_events
            where seq_id <= @upTo and not is_archived group by stream_id
            """;
        command.Parameters.AddWithValue("upTo", upTo);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            versions[reader.GetString(0)] = reader.GetInt64(1);
        return versions;
    }
}
