using Marten;
using Npgsql;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>Reads the log's rows: its checkpoints, and its leaves by index or by the event they record.</summary>
public sealed class LogReader(IDocumentStore store)
{
    /// <summary>Checkpoints by size, oldest first: those above <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<StoredCheckpoint>> Checkpoints(CancellationToken cancellationToken, long after = -1, int limit = int.MaxValue) =>
        ReadCheckpoints("where size > $1 order by size limit $2", cancellationToken, after, limit);

    public async Task<StoredCheckpoint?> Latest(CancellationToken cancellationToken) =>
        (await ReadCheckpoints("order by size desc limit 1", cancellationToken)).SingleOrDefault();

    /// <summary>The first checkpoint that holds the leaf <paramref name="index"/>.</summary>
    public async Task<StoredCheckpoint?> FirstHolding(long index, CancellationToken cancellationToken) =>
        (await ReadCheckpoints("where size > $1 order by size limit 1", cancellationToken, index)).SingleOrDefault();

    /// <summary>How far the sequencer has read the event sequence: every event up to it has its leaf.</summary>
    public async Task<long> Cursor(CancellationToken cancellationToken)
    {
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        await using var command = new NpgsqlCommand(LogTables.CursorQuery(store), connection);
        return await command.ExecuteScalarAsync(cancellationToken) is long cursor ? cursor : 0;
    }

    private async Task<IReadOnlyList<StoredCheckpoint>> ReadCheckpoints(string clause, CancellationToken cancellationToken, params object[] values)
    {
        var checkpoints = new List<StoredCheckpoint>();
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select size, note, signed_at from {LogTables.Name(store, LogTables.Checkpoints)} {clause}", connection);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            checkpoints.Add(new StoredCheckpoint(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return checkpoints;
    }

    /// <summary>The leaves recording these events (by sequence number), with their entries.</summary>
    public async Task<IReadOnlyDictionary<long, (long Index, byte[] Entry)>> LeavesOf(IEnumerable<long> sequences, CancellationToken cancellationToken)
    {
        var leaves = new Dictionary<long, (long, byte[])>();
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select seq_id, idx, entry from {LogTables.Name(store, LogTables.Leaves)} where seq_id = any($1)", connection)
        { Parameters = { new() { Value = sequences.ToArray() } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            leaves[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
        return leaves;
    }

    /// <summary>The leaf recording version <paramref name="version"/> of a stream, if it is logged.</summary>
    public async Task<(long Index, byte[] Entry)?> Leaf(string stream, long version, CancellationToken cancellationToken)
    {
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select idx, entry from {LogTables.Name(store, LogTables.Leaves)} where stream_id = $1 and version = $2 order by idx limit 1", connection)
        { Parameters = { new() { Value = stream }, new() { Value = version } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    public async Task<IReadOnlyList<byte[]>> Entries(long from, int count, CancellationToken cancellationToken)
    {
        var entries = new List<byte[]>(count);
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select entry from {LogTables.Name(store, LogTables.Leaves)} where idx >= $1 and idx < $2 order by idx", connection)
        { Parameters = { new() { Value = from }, new() { Value = from + count } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(reader.GetFieldValue<byte[]>(0));
        return entries;
    }
}
