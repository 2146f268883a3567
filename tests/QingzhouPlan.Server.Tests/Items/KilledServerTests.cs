using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Tests.Support;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// The server process is killed (SIGKILL) while sixteen clients write at once, so grouped commits are in
/// flight; started again on the same store, it still has every write it answered 201 for, those in doubt
/// sent again are stored once, and its chains verify.
/// </summary>
[Collection(WholeProcesses.Name)]
public sealed class KilledServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Plan = "qingzhou-2024";
    private readonly ProcessStore _store = new("kill");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>One correction sent under its own retry key: sent again with that key, it is answered, not applied twice.</summary>
    private sealed record Correction(string Key, ReportSlot Slot, decimal Value)
    {
        public async Task<HttpResponseMessage> Send(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/plans/{Slot.Plan}/indicators/{Slot.Code}/corrections")
            {
                Content = JsonContent.Create(new { period = Slot.Period, value = Value, unit = Slot.Unit, reason = "复核" }),
            };
            request.Headers.Add("Idempotency-Key", Key);
            return await client.SendAsync(request);
        }
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_a_kill_during_grouped_commits()
    {
        var acknowledged = new ConcurrentBag<Correction>();
        var inDoubt = new ConcurrentBag<Correction>();
        await using (var first = await _store.Start())
        {
            // Every figure reported first; then sixteen clients correct the items' last periods, back and forth,
            // for as long as it takes to kill the server under them: a load that cannot run out before the kill.
            var all = await ReportSlot.For(first, Plan);
            var clients = new ConcurrentDictionary<string, HttpClient>();
            HttpClient Client(ReportSlot slot) => clients.GetOrAdd(slot.Department, d => first.ClientAs($"kill.{d}", d));
            foreach (var batch in all.Chunk(16))
                await Task.WhenAll(batch.Select(async slot => (await Client(slot).PostJson(slot.Url, slot.Body)).StatusCode.ShouldBe(HttpStatusCode.Created)));
            var last = all.GroupBy(s => s.Code).Select(g => g.Last()).ToList();
            var killing = false;
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var workers = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
            {
                var owned = last.Where((_, i) => i % 16 == worker).ToList();
                for (var round = 1; owned.Count > 0; round++)
                    foreach (var slot in owned)
                    {
                        var correction = new Correction($"kill-{slot.Code}-{round}", slot, slot.Value + 1 + round % 2);
                        try
                        {
                            var response = await correction.Send(Client(slot));
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                acknowledged.Add(correction);
                                if (acknowledged.Count >= 150)
                                    enough.TrySetResult();
                            }
                            else if (!Volatile.Read(ref killing))
                                throw new InvalidOperationException($"{slot.Code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                            else
                                inDoubt.Add(correction);
                        }
                        catch (HttpRequestException) when (Volatile.Read(ref killing))
                        {
                            // The connection died with the server: this correction is in doubt, not acknowledged.
                            inDoubt.Add(correction);
                            return;
                        }
                    }
            })).ToList();

            await Task.WhenAny(enough.Task, Task.WhenAll(workers)).WaitAsync(TimeSpan.FromSeconds(60));
            workers.Where(w => w.IsFaulted).ShouldBeEmpty();
            // Killed while the workers are sending: writes are in flight, some inside a grouped commit.
            Volatile.Write(ref killing, true);
            await first.Kill();
            await Task.WhenAll(workers);
            foreach (var client in clients.Values)
                client.Dispose();
        }
        var grouped = await TransactionsHoldingSeveralStreams();
        output.WriteLine($"{acknowledged.Count} corrections acknowledged before the kill, {inDoubt.Count} in flight, {grouped} commits held several items' corrections");
        grouped.ShouldBeGreaterThan(0, "no commit held several items' events: nothing was grouped");
        inDoubt.ShouldNotBeEmpty("nothing was in flight when the server died");

        await using var second = await _store.Start();
        // The corrections in doubt are sent again under their keys: each is either already there (200) or made now (201).
        foreach (var correction in inDoubt)
        {
            using var reporter = second.ClientAs($"kill.{correction.Slot.Department}", correction.Slot.Department);
            (await correction.Send(reporter)).StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        }
        // Every acknowledged correction is stored, and every one sent twice is stored once.
        var stored = await StoredKeys();
        foreach (var correction in acknowledged.Concat(inDoubt))
            stored.GetValueOrDefault(correction.Key).ShouldBe(1, correction.Key);
        using var auditor = second.ClientAs("kill.audit", "sjj", "auditor");
        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }

    /// <summary>How many events carry each of this test's retry keys.</summary>
    private async Task<IReadOnlyDictionary<string, long>> StoredKeys()
    {
        await using var connection = new Npgsql.NpgsqlConnection(ServiceEndpoints.PostgreSql);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            $"SELECT headers ->> '{RetryKey.KeyHeader}', count(*) FROM {_store.Schema}.mt_events WHERE headers ->> '{RetryKey.KeyHeader}' LIKE 'kill-%' GROUP BY 1",
            connection);
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            keys[reader.GetString(0)] = reader.GetInt64(1);
        return keys;
    }

    /// <summary>PostgreSQL transactions (xmin) whose corrections of this test belong to more than one stream.</summary>
    private Task<long> TransactionsHoldingSeveralStreams() => _store.Scalar(
        $"SELECT count(*) FROM (SELECT xmin::text FROM {{schema}}.mt_events WHERE headers ->> '{RetryKey.KeyHeader}' LIKE 'kill-%' GROUP BY xmin::text HAVING count(DISTINCT stream_id) > 1) grouped");
}
