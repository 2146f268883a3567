using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>
/// Makes every committed event a leaf of the log, in sequence order, after its commit: the appender's
/// transactions stay as short as they were, and the log is one ordered list that no concurrent commit can
/// interleave. It reads only up to Marten's high-water mark, below which commits are done or given up on; a
/// commit that lands in a gap after that is logged when it appears. One node sequences at a time, under a
/// PostgreSQL advisory lock, and signs a checkpoint every few seconds while the tree grows (docs/transparency-log.md).
/// </summary>
public sealed class LogSequencer(
    IDocumentStore store, LogTree tree, LogKey key, WitnessClient witnesses, IOptions<TransparencyOptions> options,
    ILogger<LogSequencer> logger) : BackgroundService
{
    // Any fixed number: the advisory lock that makes one node at a time the log's writer.
    private const long WriterLock = 0x717A_6C6F_6700;
    private const int Page = 2000;

    // No transaction stays open this long (PostgreSQL ends idle ones in seconds): a gap older is a commit that died.
    private static readonly TimeSpan GapPatience = TimeSpan.FromMinutes(10);

    // Between passes when not behind: a second lets a steady load gather into one insert per second.
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    private volatile bool _checkpointWanted;
    private DateTimeOffset _lastCheckpoint = DateTimeOffset.MinValue;

    /// <summary>
    /// Stops sequencing until set back, for measuring the write path with and without the log beside it; the
    /// log catches up when resumed, as after any pause.
    /// </summary>
    public bool Paused { get; set; }

    /// <summary>Asks for a checkpoint as soon as the tree has grown (an edition was published), not at the next interval.</summary>
    public void CheckpointSoon() => _checkpointWanted = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var behind = !Paused && await SequenceOnce(stoppingToken);
                await CheckpointIfDue(stoppingToken);
                // A backlog is read page after page; otherwise a pause lets commits gather, so that a steady load is
                // logged in batches rather than by a loop of small transactions competing with the commits.
                if (!behind)
                    await Task.Delay(Pause, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // PostgreSQL restarting, this node losing its connection, a row it cannot read: nothing is lost and
                // the next pass resumes, so the log never stops the server.
                logger.LogWarning("Transparency log: {Message}; retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Logs the next page of committed events; whether more were already waiting beyond it.</summary>
    public async Task<bool> SequenceOnce(CancellationToken cancellationToken)
    {
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await Scalar<bool>(connection, "select pg_try_advisory_xact_lock($1)", cancellationToken, WriterLock))
            return false;
        var cursor = await Scalar<long?>(connection, LogTables.CursorQuery(store), cancellationToken) ?? 0;
        var highWater = await Scalar<long?>(connection,
            $"select last_seq_id from {store.Options.Events.DatabaseSchemaName}.mt_event_progression where name = 'HighWaterMark'", cancellationToken) ?? 0;
        var through = Math.Max(cursor, Math.Min(highWater, cursor + Page));
        await using var session = store.QuerySession();
        var late = await Late(connection, session, cancellationToken);
        if (through == cursor && late.Count == 0)
            return false;
        var next = await Scalar<long>(connection, $"select coalesce(max(idx) + 1, 0) from {Table(LogTables.Leaves)}", cancellationToken);
        var events = through == cursor ? [] : await session.Events.QueryAllRawEvents().Where(e => e.Sequence > cursor && e.Sequence <= through)
            .OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var present = events.Select(e => e.Sequence).ToHashSet();
        var gaps = Enumerable.Range(1, (int)(through - cursor)).Select(i => cursor + i).Where(s => !present.Contains(s)).ToArray();
        if (gaps.Length > 0)
            await Execute(connection, $"insert into {Table(LogTables.Gaps)} (seq_id, noted_at) select unnest($1::bigint[]), now() on conflict do nothing",
                cancellationToken, gaps);
        var ours = late.Concat(events).Where(StoreEvents.IsOurs).ToList();
        if (ours.Count > 0)
            await Execute(connection,
                $"insert into {Table(LogTables.Leaves)} (idx, seq_id, stream_id, version, entry) select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bytea[])",
                cancellationToken,
                ours.Select((_, i) => next + i).ToArray(), ours.Select(e => e.Sequence).ToArray(), ours.Select(e => e.StreamKey!).ToArray(),
                ours.Select(e => e.Version).ToArray(), ours.Select(e => EntryOf(e).Encode()).ToArray());
        await Execute(connection,
            $"insert into {Table(LogTables.Cursor)} (id, seq_id) values (1, $1) on conflict (id) do update set seq_id = excluded.seq_id", cancellationToken, through);
        await transaction.CommitAsync(cancellationToken);
        return through < highWater;
    }

    // Events that have since landed in gaps the cursor passed, logged now; gaps too old to fill are forgotten.
    private async Task<IReadOnlyList<IEvent>> Late(NpgsqlConnection connection, IQuerySession session, CancellationToken cancellationToken)
    {
        await Execute(connection, $"delete from {Table(LogTables.Gaps)} where noted_at < now() - $1::interval", cancellationToken, GapPatience);
        var filled = new List<long>();
        await using (var command = Command(connection,
            $"select g.seq_id from {Table(LogTables.Gaps)} g join {store.Options.Events.DatabaseSchemaName}.mt_events e on e.seq_id = g.seq_id", []))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                filled.Add(reader.GetInt64(0));
        if (filled.Count == 0)
            return [];
        logger.LogWarning("Transparency log: {Count} event(s) committed after the high-water mark passed them; logging them now", filled.Count);
        await Execute(connection, $"delete from {Table(LogTables.Gaps)} where seq_id = any($1)", cancellationToken, filled.ToArray());
        return await session.Events.QueryAllRawEvents().Where(e => e.Sequence.IsOneOf(filled.ToArray())).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>The entry that records an event: how the log sees it, for whoever must recompute it.</summary>
    public static LogEntry EntryOf(IEvent e) =>
        new(e.StreamKey!, e.Version, e.EventTypeName, e.Timestamp, e.UserName ?? "",
            LogEntry.HashOf(CanonicalEvent.Json(e.Data, CanonicalEvent.CurrentAlgorithm)));

    private async Task CheckpointIfDue(CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        if (!_checkpointWanted && now - _lastCheckpoint < options.Value.CheckpointInterval)
            return;
        var note = await Checkpoint(cancellationToken);
        _lastCheckpoint = now;
        if (note is not null)
            _checkpointWanted = false;
    }

    /// <summary>
    /// Signs a checkpoint of the tree as it stands, if it has grown since the last one, and has the witnesses
    /// cosign it; the note as signed, or null.
    /// </summary>
    public async Task<SignedNote?> Checkpoint(CancellationToken cancellationToken)
    {
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await Scalar<bool>(connection, "select pg_try_advisory_xact_lock($1)", cancellationToken, WriterLock))
            return null;
        var last = await Scalar<long?>(connection, $"select max(size) from {Table(LogTables.Checkpoints)}", cancellationToken) ?? 0;
        // Dated by the newest event it holds, on the clock events are recorded with: "everything recorded up to
        // then". An event logged later but dated well before it was recorded behind the log's back. Dating by
        // the clock at signing would instead measure the sequencer's lag, which a simulated year (whose clock
        // runs days per second) turns into days.
        var (size, root, signedAt) = await tree.Read(t => (t.Size, t.Root(t.Size), tree.Newest), cancellationToken);
        if (size <= last)
            return null;
        var note = key.Sign(new Checkpoint(key.Origin, size, root), signedAt);
        await Execute(connection, $"insert into {Table(LogTables.Checkpoints)} (size, note, signed_at) values ($1, $2, $3)",
            cancellationToken, size, note.ToString(), signedAt);
        await transaction.CommitAsync(cancellationToken);
        // In the background: a witness that is slow or gone must not hold up sequencing.
        _ = witnesses.Submit(note, CancellationToken.None);
        return note;
    }

    private string Table(string name) => LogTables.Name(store, name);

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is null or DBNull ? default! : (T)result;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
