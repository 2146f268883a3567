using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using QingzhouPlan.Server.Tests.Support;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Cluster;

/// <summary>
/// Redis holds the membership table, not the data: when it restarts under load, two silos keep taking writes
/// (each answered 201 or, in a passing fault, 503), lose none, and are both still members afterwards.
/// </summary>
[Collection(WholeProcesses.Name)]
public sealed class RedisRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Plan = "qingzhou-2024";
    private readonly ProcessStore _store = new("redis");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Writes_go_on_through_a_Redis_restart_and_both_silos_stay_members()
    {
        await using var first = await _store.Start(ServerProcess.Clustered);
        await using var second = await _store.Start(ServerProcess.Clustered);
        ServerProcess[] silos = [first, second];
        using var admin = first.ClientAs("redis.admin", "fgj", "admin");
        await ClusterAdmin.UntilActive(admin, 2);
        // Every figure reported first; then each worker corrects the last period of the indicators it owns, back
        // and forth, for as long as the test runs — a load that does not run out.
        var all = await ReportSlot.For(first, Plan);
        foreach (var batch in all.Chunk(16))
            await Task.WhenAll(batch.Select(async (slot, i) =>
            {
                using var client = silos[i % 2].ClientAs($"redis.{slot.Department}", slot.Department);
                (await client.PostJson(slot.Url, slot.Body)).StatusCode.ShouldBe(HttpStatusCode.Created);
            }));
        var last = all.GroupBy(s => s.Code).Select(g => g.Last()).ToList();
        var corrected = new ConcurrentDictionary<string, int>();
        var unavailable = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var owned = last.Where((_, i) => i % 8 == worker).ToList();
            var clients = owned.Select(s => s.Department).Distinct()
                .ToDictionary(d => d, d => silos[worker % 2].ClientAs($"redis.{d}", d));
            try
            {
                for (var round = 1; !stop.IsCancellationRequested; round++)
                    foreach (var slot in owned)
                    {
                        var response = await clients[slot.Department].PostJson($"/api/plans/{Plan}/indicators/{slot.Code}/corrections",
                            new { period = slot.Period, value = slot.Value + 1 + round % 2, unit = slot.Unit, reason = "复核" });
                        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                            corrected.AddOrUpdate(slot.Code, 1, (_, n) => n + 1);
                        else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                            Interlocked.Increment(ref unavailable);
                        else
                            throw new InvalidOperationException($"{slot.Code} {slot.Period}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
            }
            finally
            {
                foreach (var client in clients.Values)
                    client.Dispose();
            }
        })).ToList();

        int Acknowledged() => corrected.Values.Sum();
        await Wait.Until(() => Acknowledged() >= 40 || workers.Any(w => w.IsCompleted), TimeSpan.FromSeconds(60));
        var before = Acknowledged();
        await Services("restart-redis");
        var restarted = Acknowledged();
        await Wait.Until(() => Acknowledged() >= restarted + 40 || workers.Any(w => w.IsCompleted), TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        output.WriteLine($"corrections acknowledged: {before} before the restart, {restarted - before} during it, {Acknowledged() - restarted} after; {unavailable} answered 503");
        Acknowledged().ShouldBeGreaterThanOrEqualTo(restarted + 40, "corrections stopped being acknowledged after Redis restarted");

        // None lost: each item holds at least as many corrections as were acknowledged (a 503 may have committed).
        foreach (var (code, count) in corrected)
            (await _store.Scalar($"SELECT count(*) FROM {{schema}}.mt_events WHERE stream_id = '{Plan}/{code}' AND type = 'value_corrected'"))
                .ShouldBeGreaterThanOrEqualTo(count, code);
        // The membership table came back from Redis's append-only file: both silos are still members.
        await ClusterAdmin.UntilActive(admin, 2);
    }

    private static async Task Services(string command)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "infra", "services.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await error);
    }
}
