using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Reporting;

/// <summary>
/// The server process is killed (SIGKILL) while sixteen clients report at once, so grouped commits are in
/// flight; started again on the same store, it still has every report it answered 201 for, its chains
/// verify, and the items take new reports.
/// </summary>
[Collection(WholeProcesses.Name)]
public sealed class KilledServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Plan = "qingzhou-2024";
    private readonly ProcessStore _store = new("kill");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Every_acknowledged_report_survives_a_kill_during_grouped_commits()
    {
        var acknowledged = new ConcurrentBag<ReportSlot>();
        var slots = new ConcurrentQueue<ReportSlot>();
        await using (var first = await _store.Start())
        {
            using (var viewer = first.ClientAs("kill.viewer", "tjj", "viewer"))
                foreach (var slot in await ReportSlot.For(viewer, Plan))
                    slots.Enqueue(slot);
            var clients = new ConcurrentDictionary<string, HttpClient>();
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && slots.TryDequeue(out var slot))
                {
                    var client = clients.GetOrAdd(slot.Department, d => first.ClientAs($"kill.{d}", d));
                    try
                    {
                        var response = await client.PostJson(slot.Url, slot.Body);
                        if (response.StatusCode == HttpStatusCode.Created)
                            acknowledged.Add(slot);
                        else if (!stop.IsCancellationRequested)
                            throw new InvalidOperationException($"{slot.Url} {slot.Period}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                    catch (Exception) when (stop.IsCancellationRequested)
                    {
                        // The connection died with the server: this report is in doubt, not acknowledged.
                        return;
                    }
                }
            })).ToList();

            await Wait.Until(() => acknowledged.Count >= 150 || workers.Any(w => w.IsFaulted), TimeSpan.FromSeconds(60));
            workers.Where(w => w.IsFaulted).ShouldBeEmpty();
            await stop.CancelAsync();
            await first.Kill();
            await Task.WhenAll(workers);
            foreach (var client in clients.Values)
                client.Dispose();
        }
        slots.Count.ShouldBeGreaterThan(0, "the kill came after the last report: nothing was in flight");
        var grouped = await TransactionsHoldingSeveralStreams();
        output.WriteLine($"{acknowledged.Count} reports acknowledged before the kill, {grouped} commits held several items' reports");
        grouped.ShouldBeGreaterThan(0, "no commit held several items' events: nothing was grouped");

        await using var second = await _store.Start();
        using (var viewer = second.ClientAs("kill.viewer", "tjj", "viewer"))
            await ReportSlot.ShouldAllStand(viewer, acknowledged);
        using var auditor = second.ClientAs("kill.audit", "sjj", "auditor");
        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
        // Reports still to make go to items that were being written when the server died.
        foreach (var slot in slots.Take(20))
        {
            using var reporter = second.ClientAs($"kill.{slot.Department}", slot.Department);
            var response = await reporter.PostJson(slot.Url, slot.Body);
            // A report in doubt at the kill may have committed: then it is already there, and the retry says so.
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        }
    }

    /// <summary>PostgreSQL transactions (xmin) whose reports of this test belong to more than one stream.</summary>
    private Task<long> TransactionsHoldingSeveralStreams() => _store.Scalar(
        "SELECT count(*) FROM (SELECT xmin::text FROM {schema}.mt_events WHERE data::text LIKE '%slot-%' GROUP BY xmin::text HAVING count(DISTINCT stream_id) > 1) grouped");
}
