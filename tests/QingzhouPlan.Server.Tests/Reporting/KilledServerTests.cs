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
        var inDoubt = new ConcurrentBag<ReportSlot>();
        await using (var first = await _store.Start())
        {
            foreach (var slot in await ReportSlot.For(first, Plan))
                slots.Enqueue(slot);
            var clients = new ConcurrentDictionary<string, HttpClient>();
            var killing = false;
            var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                while (slots.TryDequeue(out var slot))
                {
                    var client = clients.GetOrAdd(slot.Department, d => first.ClientAs($"kill.{d}", d));
                    try
                    {
                        var response = await client.PostJson(slot.Url, slot.Body);
                        if (response.StatusCode == HttpStatusCode.Created)
                            acknowledged.Add(slot);
                        else if (!Volatile.Read(ref killing))
                            throw new InvalidOperationException($"{slot.Url} {slot.Period}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        else
                            inDoubt.Add(slot);
                    }
                    catch (HttpRequestException) when (Volatile.Read(ref killing))
                    {
                        // The connection died with the server: this report is in doubt, not acknowledged.
                        inDoubt.Add(slot);
                        return;
                    }
                }
            })).ToList();

            await Wait.Until(() => acknowledged.Count >= 150 || workers.Any(w => w.IsFaulted), TimeSpan.FromSeconds(60));
            workers.Where(w => w.IsFaulted).ShouldBeEmpty();
            slots.Count.ShouldBeGreaterThan(0, "the kill came after the last report: nothing was in flight");
            // Killed while the workers are still sending: reports are in flight, some inside a grouped commit.
            Volatile.Write(ref killing, true);
            await first.Kill();
            await Task.WhenAll(workers);
            foreach (var client in clients.Values)
                client.Dispose();
        }
        var grouped = await TransactionsHoldingSeveralStreams();
        output.WriteLine($"{acknowledged.Count} reports acknowledged before the kill, {inDoubt.Count} in flight, {grouped} commits held several items' reports");
        grouped.ShouldBeGreaterThan(0, "no commit held several items' events: nothing was grouped");
        inDoubt.ShouldNotBeEmpty("nothing was in flight when the server died");

        await using var second = await _store.Start();
        // The reports in doubt are sent again: each is either already there (200) or made now (201), never twice.
        foreach (var slot in inDoubt)
        {
            using var reporter = second.ClientAs($"kill.{slot.Department}", slot.Department);
            (await reporter.PostJson(slot.Url, slot.Body)).StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        }
        using (var viewer = second.ClientAs("kill.viewer", "tjj", "viewer"))
            await ReportSlot.ShouldAllStand(viewer, acknowledged.Concat(inDoubt));
        (await _store.Scalar("SELECT count(*) FROM {schema}.mt_events WHERE data::text LIKE '%slot-%'"))
            .ShouldBe(acknowledged.Count + inDoubt.Count, "one event per report, none doubled by the resend");
        using var auditor = second.ClientAs("kill.audit", "sjj", "auditor");
        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }

    /// <summary>PostgreSQL transactions (xmin) whose reports of this test belong to more than one stream.</summary>
    private Task<long> TransactionsHoldingSeveralStreams() => _store.Scalar(
        "SELECT count(*) FROM (SELECT xmin::text FROM {schema}.mt_events WHERE data::text LIKE '%slot-%' GROUP BY xmin::text HAVING count(DISTINCT stream_id) > 1) grouped");
}
