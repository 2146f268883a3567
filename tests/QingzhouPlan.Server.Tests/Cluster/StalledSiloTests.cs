using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using QingzhouPlan.Server.Tests.Support;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Cluster;

/// <summary>
/// A silo that stalls rather than dies (SIGSTOP: a long pause, a frozen VM) while reports are in flight on it.
/// The cluster declares it dead and its items move to the other silo, which takes reports for them. When the
/// stalled silo wakes, its old activations still believe they own those items, and the requests it was holding
/// carry on. Expected versions are the fence: a write decided on a stale state fails at the commit, is decided
/// again on the stored one, and nothing is written twice or lost. The silo then finds itself declared dead and
/// ends itself.
/// </summary>
[Collection(WholeProcesses.Name)]
public sealed class StalledSiloTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Plan = "qingzhou-2024";
    private readonly ProcessStore _store = new("stall");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_stalled_silo_that_wakes_after_being_declared_dead_writes_nothing_twice_and_loses_nothing_acknowledged()
    {
        await using var first = await _store.Start(ServerProcess.Clustered);
        await using var second = await _store.Start(ServerProcess.Clustered);
        ServerProcess[] silos = [first, second];
        using var admin = first.ClientAs("stall.admin", "fgj", "admin");
        await ClusterAdmin.UntilActive(admin, 2);

        // Each indicator's last period is kept back for the other silo to write while the stalled one sleeps.
        var all = await ReportSlot.For(first, Plan);
        var probes = all.GroupBy(s => s.Code).Select(g => g.Last()).ToList();
        var slots = new ConcurrentQueue<ReportSlot>(all.Except(probes));
        var acknowledged = new ConcurrentBag<ReportSlot>();
        var paused = new TaskCompletionSource<ServerProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var dyingErrors = 0;
        string? firstDyingError = null;
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var through = silos[worker % 2];
            var clients = new Dictionary<string, HttpClient>();
            try
            {
                while (!stop.IsCancellationRequested && slots.TryDequeue(out var slot))
                {
                    if (!clients.TryGetValue(slot.Department, out var client))
                        clients[slot.Department] = client = through.ClientAs($"stall.{slot.Department}", slot.Department);
                    try
                    {
                        var response = await client.PostJson(slot.Url, slot.Body);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add(slot);
                            if (acknowledged.Count >= 40)
                                enough.TrySetResult();
                        }
                        else if (paused.Task.IsCompleted && paused.Task.Result == through && (int)response.StatusCode >= 500)
                        {
                            // The woken silo answers while it ends itself (its host stopping under the request):
                            // an error, never an acknowledgement. Counted, and shown with what it logged.
                            if (Interlocked.Increment(ref dyingErrors) == 1)
                                firstDyingError = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{through.Tail}";
                        }
                        else if (!paused.Task.IsCompleted || response.StatusCode != HttpStatusCode.ServiceUnavailable)
                            throw new InvalidOperationException(
                                $"{slot.Url} {slot.Period}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}; the silo logged:\n{through.Tail}");
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && paused.Task.IsCompleted && paused.Task.Result == through)
                    {
                        // The stalled silo held this report and then ended itself: it is in doubt, not acknowledged.
                        return;
                    }
                }
            }
            finally
            {
                foreach (var client in clients.Values)
                    client.Dispose();
            }
        })).ToList();

        await Task.WhenAny(enough.Task, Task.WhenAll(workers)).WaitAsync(TimeSpan.FromSeconds(60));
        workers.Where(w => w.IsFaulted).ShouldBeEmpty();
        var busiest = (await ClusterAdmin.Silos(admin)).Where(s => s.Status == "Active").MaxBy(s => s.Activations)!;
        var stalled = silos.Single(s => s.SiloPort == busiest.SiloPort);
        var other = silos.Single(s => s != stalled);
        slots.Count.ShouldBeGreaterThan(0, "the workers ran out of reports before the stall");
        paused.SetResult(stalled);
        var sincePause = Stopwatch.StartNew();
        await stalled.Pause();

        var written = await Failover.EveryItemWritable(other, probes, TimeSpan.FromSeconds(60));
        output.WriteLine($"{busiest.Activations} activations stalled; all {written.Count} indicators writable through the other silo after {sincePause.Elapsed.TotalSeconds:0.0} s");

        await stalled.Resume();
        var ended = await stalled.Exits(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        output.WriteLine($"{acknowledged.Count} reports acknowledged in all; the stalled silo ended itself: {ended}; " +
            $"{dyingErrors} answered with a server error by the stalled silo after it woke{(firstDyingError is null ? "" : $", the first: {firstDyingError}")}");
        ended.ShouldBeTrue("a silo that finds itself declared dead ends itself");

        // Nothing written twice: one report event per item and period, and each stream's versions without a gap.
        (await _store.Text(
            "SELECT string_agg(stream_id || ' ' || period, ', ') FROM (SELECT stream_id, data ->> 'Period' AS period FROM {schema}.mt_events WHERE type = 'value_reported' GROUP BY 1, 2 HAVING count(*) > 1) twice"))
            .ShouldBeEmpty("reported twice");
        (await _store.Text(
            "SELECT string_agg(stream_id || ' ' || versions, '; ') FROM (SELECT stream_id, string_agg(version::text, ',' ORDER BY seq_id) AS versions FROM {schema}.mt_events WHERE stream_id LIKE 'qingzhou-2024/%' GROUP BY stream_id HAVING max(version) <> count(*)) gaps"))
            .ShouldBeEmpty("streams whose versions are not 1, 2, 3…");
        var stored = (await _store.Text("SELECT string_agg(data ->> 'ReportId', ',') FROM {schema}.mt_events WHERE type = 'value_reported'")).Split(',').ToHashSet();
        acknowledged.Concat(written).Select(s => $"slot-{s.Code}-{s.Period}").Where(id => !stored.Contains(id)).ShouldBeEmpty("acknowledged, not stored");
        // And the items' grains, wherever they now live, serve what is stored.
        using var viewer = other.ClientAs("stall.viewer", "tjj", "viewer");
        await ReportSlot.ShouldAllStand(viewer, acknowledged.Concat(written));
        using var auditor = other.ClientAs("stall.audit", "sjj", "auditor");
        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }
}
