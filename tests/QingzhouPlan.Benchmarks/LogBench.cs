using System.Diagnostics;
using Marten;
using Npgsql;
using QingzhouPlan.Server.Tests.Support;
using QingzhouPlan.Server.Transparency;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// The transparency log: how long a report waits for its leaf and for a signed checkpoint under a paced load,
/// how fast the sequencer logs a backlog, an inclusion proof's latency, and the offline verifier rebuilding a
/// tree of a million leaves from tiles (against the same hashing done in-process).
/// </summary>
public static class LogBench
{
    public sealed record Delays(double LeafP50, double LeafP99, double CheckpointP50, double CheckpointP99, int Samples, int Reports);

    private const int WatchedPerSecond = 50;

    /// <summary>Reports at <paramref name="rate"/> for <paramref name="duration"/>; some watched from acknowledgement to leaf and to checkpoint.</summary>
    public static async Task<Delays> Measure(double rate, TimeSpan duration, Slots slots, Func<Slot, Task<long>> post, LogReader log)
    {
        var reports = Math.Min((int)(rate * duration.TotalSeconds), slots.Remaining);
        var every = Math.Max(1, (int)Math.Round(rate / WatchedPerSecond));
        var watched = new List<(string Stream, long Version, double Ack)>();
        var clock = Stopwatch.StartNew();
        var sending = PacedLoad.Send(rate, reports, clock, async i =>
        {
            var slot = slots.Take();
            var version = await post(slot);
            if (i % every == 0)
                lock (watched)
                    watched.Add(($"{slot.Plan}/{slot.Code}", version, clock.Elapsed.TotalMilliseconds));
        });

        var leafDelays = new List<double>();
        var checkpointDelays = new List<double>();
        var leaves = new Dictionary<(string, long), (long Index, double Ack)>();
        var done = new HashSet<(string, long)>();
        while (true)
        {
            List<(string Stream, long Version, double Ack)> waiting;
            lock (watched)
                waiting = watched.Where(w => !done.Contains((w.Stream, w.Version))).ToList();
            var checkpointed = (await log.Checkpoints(CancellationToken.None)) is [.., var last] ? last.Size : 0;
            foreach (var (stream, version, ack) in waiting)
            {
                if (!leaves.ContainsKey((stream, version)) && await log.Leaf(stream, version, CancellationToken.None) is { } leaf)
                {
                    leaves[(stream, version)] = (leaf.Index, ack);
                    leafDelays.Add(clock.Elapsed.TotalMilliseconds - ack);
                }
                if (leaves.TryGetValue((stream, version), out var found) && found.Index < checkpointed)
                {
                    done.Add((stream, version));
                    checkpointDelays.Add(clock.Elapsed.TotalMilliseconds - ack);
                }
            }
            if (sending.IsFaulted)
                await sending;
            if (sending.IsCompleted && done.Count == watched.Count)
                break;
            if (clock.Elapsed > duration + TimeSpan.FromMinutes(2))
                throw new TimeoutException("the log did not checkpoint the load within 2 minutes");
            await Task.Delay(20);
        }
        return new Delays(P(leafDelays, 50), P(leafDelays, 99), P(checkpointDelays, 50), P(checkpointDelays, 99), checkpointDelays.Count, reports);
    }

    /// <summary>Empties the log and times the sequencer logging every event again: leaves per second.</summary>
    public static async Task<(long Leaves, double PerSecond)> Resequence(IDocumentStore store, string schema)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        async Task<long> Scalar(string sql) => (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
        var events = await Scalar($"select count(*) from {schema}.mt_events where stream_id <> 'mt_tombstone'");
        var last = await Scalar($"select max(seq_id) from {schema}.mt_events");
        var clock = Stopwatch.StartNew();
        await new NpgsqlCommand($"delete from {schema}.{LogTables.Cursor}; delete from {schema}.{LogTables.Leaves};", connection).ExecuteNonQueryAsync();
        while (await Scalar($"select coalesce(max(seq_id), 0) from {schema}.{LogTables.Cursor}") < last)
            await Task.Delay(50);
        return (events, events / clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// A million synthetic leaves written as tiles with a signed checkpoint; qzverify's mirror rebuilds the tree from
    /// them as an auditor's would. Against it, the same tree built in-process from the leaf hashes.
    /// </summary>
    public static async Task<(double VerifierSeconds, double InProcessSeconds)> Verifier(int leaves)
    {
        var folder = Directory.CreateTempSubdirectory("qz-bench-tiles-").FullName;
        var tree = new MerkleTree();
        for (var i = 0; i < leaves; i++)
            tree.Append(TreeHash.Leaf(BitConverter.GetBytes(i)));
        var (full, partial) = Tiles.At(0, leaves);
        for (long n = 0; n <= full; n++)
        {
            var width = n < full ? Tiles.Width : partial;
            if (width == 0)
                break;
            var path = Path.Combine(folder, Tiles.Path(0, n, width));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, tree.Tile(0, n, width));
        }
        using var key = NoteSigner.Generate("bench.example/log", NoteVerifier.Ed25519);
        var checkpoint = new Checkpoint(key.Name, leaves, tree.Root(leaves));
        await File.WriteAllTextAsync(Path.Combine(folder, "checkpoint"), new SignedNote(checkpoint.Text, [key.Sign(checkpoint.Text)]).ToString());

        var inProcess = Stopwatch.StartNew();
        var again = new MerkleTree();
        for (var i = 0; i < leaves; i++)
            again.Append(tree.Leaf(i));
        again.Root(leaves);
        var inProcessSeconds = inProcess.Elapsed.TotalSeconds;

        var mirror = Path.Combine(folder, "mirror");
        var run = Stopwatch.StartNew();
        var psi = new ProcessStartInfo("dotnet", [VerifierDll, "mirror", mirror, "--key", key.Verifier.ToString(), "--tiles", folder]) { RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"qzverify mirror: {output}");
        var seconds = run.Elapsed.TotalSeconds;
        Directory.Delete(folder, recursive: true);
        return (seconds, inProcessSeconds);
    }

    private static string VerifierDll => Path.Combine(Repository.Root, "src", "QingzhouPlan.Verifier", "bin", "Release", "net10.0", "qzverify.dll");

    private static double P(List<double> values, double percentile) => QingzhouPlan.Benchmarks.Measure.Percentile(values, percentile);
}
