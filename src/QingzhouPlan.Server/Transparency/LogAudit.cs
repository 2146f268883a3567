using System.Security.Cryptography;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>
/// The log's part of verification. Against the events: each has a leaf once the sequencer has passed it, and
/// its leaf's entry is what the event says now. Against the log itself: leaves numbered without gaps, each
/// stream's versions rising by one and its times never falling, no entry logged after a checkpoint dated more
/// than the maximum merge delay after the event's own time, and every checkpoint — the stored ones, and one an
/// auditor kept — signed by the log's key with the root the entries now give.
/// </summary>
public sealed class LogAudit(IDocumentStore store, LogReader log, LogKey key, IOptions<TransparencyOptions> options)
{
    /// <summary>Compares a page of events (sequence numbers in (after, through]) with the leaves that record them.</summary>
    public async Task<IReadOnlyList<ChainFinding>> Page(IReadOnlyList<IEvent> ours, long after, long through, long cursor, CancellationToken cancellationToken)
    {
        var leaves = new Dictionary<long, (long Index, string Stream, long Version, byte[] Entry)>();
        await using (var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken))
        await using (var command = new NpgsqlCommand(
            $"select seq_id, idx, stream_id, version, entry from {LogTables.Name(store, LogTables.Leaves)} where seq_id > $1 and seq_id <= $2", connection)
            { Parameters = { new() { Value = after }, new() { Value = through } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                leaves[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetFieldValue<byte[]>(4));

        var findings = new List<ChainFinding>();
        foreach (var e in ours)
        {
            if (!leaves.Remove(e.Sequence, out var leaf))
            {
                // Beyond the sequencer's cursor an event is simply not logged yet.
                if (e.Sequence <= cursor)
                    findings.Add(new ChainFinding(e.StreamKey!, e.Version, e.Sequence, "unlogged", "an event the transparency log never recorded"));
                continue;
            }
            if (!LogSequencer.EntryOf(e).Encode().AsSpan().SequenceEqual(leaf.Entry))
                findings.Add(new ChainFinding(e.StreamKey!, e.Version, e.Sequence, "changed-since-logged",
                    $"the event differs from what leaf {leaf.Index} of the transparency log recorded"));
        }
        findings.AddRange(leaves.Select(l => new ChainFinding(l.Value.Stream, l.Value.Version, l.Key, "missing-since-logged",
            $"leaf {l.Value.Index} of the transparency log records an event the store no longer has")));
        return findings;
    }

    /// <summary>The sequencer's cursor: events up to it must be logged.</summary>
    public Task<long> Cursor(CancellationToken cancellationToken) => log.Cursor(cancellationToken);

    /// <summary>Rebuilds the tree from the entries and checks it, the stored checkpoints and a kept one.</summary>
    public async Task<(LogSummary Summary, IReadOnlyList<ChainFinding> Findings)> Tree(SignedNote? kept, CancellationToken cancellationToken)
    {
        var findings = new List<ChainFinding>();
        var checkpoints = new List<(long Size, byte[] Root, DateTimeOffset Time, string Note)>();
        foreach (var stored in await log.Checkpoints(cancellationToken))
            if (Read(stored.Note, out var problem) is { } read)
                checkpoints.Add(read);
            else
                findings.Add(new ChainFinding("", 0, 0, "checkpoint", $"stored checkpoint {stored.Size}: {problem}"));
        (long Size, byte[] Root, DateTimeOffset Time, string Note)? keptCheckpoint = null;
        if (kept is not null)
        {
            keptCheckpoint = Read(kept.ToString(), out var problem);
            if (keptCheckpoint is null)
                findings.Add(new ChainFinding("", 0, 0, "checkpoint", $"the checkpoint given: {problem}"));
            else
                checkpoints.Add(keptCheckpoint.Value);
        }
        checkpoints.Sort((a, b) => a.Size.CompareTo(b.Size));

        var tree = new MerkleTree();
        var streams = new Dictionary<string, (long Version, DateTimeOffset Time)>(StringComparer.Ordinal);
        var dated = -1;
        var delay = options.Value.MaxMergeDelay;
        await using (var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken))
        await using (var command = new NpgsqlCommand($"select idx, seq_id, entry from {LogTables.Name(store, LogTables.Leaves)} order by idx", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
            {
                var (index, sequence, bytes) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
                if (index != tree.Size)
                {
                    findings.Add(new ChainFinding("", 0, sequence, "log", $"the log jumps from leaf {tree.Size - 1} to {index}: leaves were removed"));
                    break;
                }
                tree.Append(TreeHash.Leaf(bytes));
                LogEntry entry;
                try
                {
                    entry = LogEntry.Decode(bytes);
                }
                catch (FormatException)
                {
                    findings.Add(new ChainFinding("", 0, sequence, "log", $"leaf {index} is not an entry this log writes: its row was altered"));
                    continue;
                }
                var (version, time) = streams.GetValueOrDefault(entry.Stream);
                if (entry.Version != version + 1)
                    findings.Add(new ChainFinding(entry.Stream, entry.Version, sequence, "log", $"leaf {index} logs version {entry.Version} after version {version}"));
                else if (entry.Time < time)
                    findings.Add(new ChainFinding(entry.Stream, entry.Version, sequence, "log", $"leaf {index} is dated {entry.Time:O}, before the stream's previous event ({time:O})"));
                streams[entry.Stream] = (entry.Version, entry.Time);
                while (dated + 1 < checkpoints.Count && checkpoints[dated + 1].Size <= index)
                    dated++;
                if (dated >= 0 && entry.Time < checkpoints[dated].Time - delay)
                    findings.Add(new ChainFinding(entry.Stream, entry.Version, sequence, "backdated",
                        $"leaf {index} was logged after the checkpoint of {checkpoints[dated].Size} leaves dated {checkpoints[dated].Time:O}, " +
                        $"but the event is dated {entry.Time:O}, more than {delay.TotalSeconds:0} s before: it was recorded behind the log's back"));
            }

        foreach (var (size, root, time, _) in checkpoints)
            if (size > tree.Size)
                findings.Add(new ChainFinding("", 0, 0, "checkpoint", $"the checkpoint of {size} leaves ({time:O}) is beyond the log's {tree.Size}: the log was cut short"));
            else if (!tree.Root(size).AsSpan().SequenceEqual(root))
                findings.Add(new ChainFinding("", 0, 0, "checkpoint", $"the log's first {size} leaves no longer give the root the checkpoint of {time:O} signed: history was rewritten"));
        return (new LogSummary(tree.Size, checkpoints.Count - (keptCheckpoint is null ? 0 : 1), keptCheckpoint?.Size), findings);
    }

    private (long Size, byte[] Root, DateTimeOffset Time, string Note)? Read(string note, out string? problem)
    {
        try
        {
            var signed = SignedCheckpoint.Open(note, key.Signer.Verifier);
            if (signed.Time is not { } time)
            {
                problem = "signed but not dated by this log's key";
                return null;
            }
            problem = null;
            return (signed.Checkpoint.Size, signed.Checkpoint.Root, time, note);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            problem = ex.Message;
            return null;
        }
    }
}
