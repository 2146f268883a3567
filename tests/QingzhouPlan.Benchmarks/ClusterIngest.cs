using QingzhouPlan.Server.Tests.Support;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Access;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Ingest at 32 clients through one server process and through two silos of one cluster (Redis membership,
/// HotCold daemon), each time on a store of its own; then the busier silo is killed and the time until a
/// hundred items are all writable again through the other is taken.
/// </summary>
public static class ClusterIngest
{
    public sealed record Result(int Silos, Measure.Run Run, double? FailoverSeconds, int Probes, int Refused);

    public static async Task<IReadOnlyList<Result>> Measure(string connection, string influx, string redis, int operations)
    {
        var seeds = PlanCopies.Write(Path.Combine(Path.GetTempPath(), $"qz-bench-silos-{DateTime.UtcNow:MMddHHmmss}"), operations / 180 + 2);
        var plans = Enumerable.Range(1, operations / 180 + 2).Select(PlanCopies.Id).ToList();
        var results = new List<Result>();
        try
        {
            foreach (var silos in new[] { 1, 2 })
                results.Add(await Run(connection, influx, redis, seeds, plans, silos, operations));
        }
        finally
        {
            Directory.Delete(seeds, recursive: true);
        }
        return results;
    }

    private static async Task<Result> Run(string connection, string influx, string redis, string seeds, IReadOnlyList<string> plans, int silos, int operations)
    {
        var schema = $"bench_silos{silos}_{DateTime.UtcNow:HHmmss}";
        var key = $"bench-key-{Guid.NewGuid():N}-{Guid.NewGuid():N}";
        var settings = silos == 1 ? null : new Dictionary<string, string>
        {
            ["Cluster__Membership"] = "redis",
            ["ConnectionStrings__Redis"] = redis,
            ["Marten__Daemon"] = "HotCold",
            ["Orleans__ProbeTimeoutSeconds"] = "2",
            ["Orleans__MissedProbesLimit"] = "2",
        };
        // Started together; each answers /health before it is used. One that fails leaves the others to the finally below.
        var starting = Enumerable.Range(0, silos).Select(_ => ServerProcess.Start(schema, key, settings, timeout: TimeSpan.FromMinutes(3), seeds: seeds)).ToList();
        await Task.WhenAll(starting).ContinueWith(_ => { }, TaskScheduler.Default);
        var processes = starting.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result).ToList();
        var minter = new TokenMinter(Options.Create(new AuthOptions { SigningKey = key }), PlanScope.Every);
        var clients = new Dictionary<(ServerProcess, string), HttpClient>();
        HttpClient Client(ServerProcess process, string department, string role = Roles.Reporter)
        {
            if (!clients.TryGetValue((process, department + role), out var client))
            {
                client = new HttpClient { BaseAddress = new Uri(process.BaseUrl) };
                client.DefaultRequestHeaders.Authorization = new("Bearer", minter.Mint($"bench.{role}", department, [role]));
                clients[(process, department + role)] = client;
            }
            return client;
        }
        try
        {
            if (processes.Count < silos)
                await Task.WhenAll(starting);
            var admin = Client(processes[0], "fgj", Roles.Admin);
            while ((await Silos(admin)).Count(s => s.Status == "Active") < silos)
                await Task.Delay(100);
            var slots = await Slots.Over(Client(processes[0], "tjj", Roles.Viewer), plans);
            var owners = (await Client(processes[0], "tjj", Roles.Viewer).GetFromJsonAsync<JsonElement>($"/api/plans/{plans[0]}/indicators"))
                .EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!, i => i.GetProperty("ownerDepartment").GetString()!);
            async Task Post(Slot slot, ServerProcess through)
            {
                var response = await ClientFor(through, owners[slot.Code]).PostAsJsonAsync(slot.Url, slot.Body);
                if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
                    throw new HttpRequestException($"{slot.Url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
            }
            HttpClient ClientFor(ServerProcess process, string department)
            {
                lock (clients)
                    return Client(process, department);
            }
            // Requests alternate between the silos, as a load balancer in front of the cluster would spread them.
            var run = await Benchmarks.Measure.Throughput(operations, 32, i => Post(slots.Take(), processes[i % silos]));
            if (silos == 1)
                return new Result(1, run, null, 0, 0);

            // Failover: the silo holding most activations dies; a hundred items, written through the other.
            var busiest = (await Silos(admin)).Where(s => s.Status == "Active").MaxBy(s => s.Activations)!;
            var victim = processes.Single(p => p.SiloPort == busiest.SiloPort);
            var survivor = processes.Single(p => p != victim);
            var probes = Enumerable.Range(0, 100).Select(_ => slots.Take()).ToList();
            var clock = Stopwatch.StartNew();
            await victim.Kill();
            var refused = 0;
            await Task.WhenAll(probes.Select(async slot =>
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await Post(slot, survivor);
                        return;
                    }
                    catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.ServiceUnavailable && clock.Elapsed < TimeSpan.FromMinutes(1))
                    {
                        // Its grain was on the killed silo: refused until that silo is declared dead.
                        if (attempt == 0)
                            Interlocked.Increment(ref refused);
                        await Task.Delay(50);
                    }
                }
            }));
            return new Result(2, run, clock.Elapsed.TotalSeconds, probes.Count, refused);
        }
        finally
        {
            foreach (var process in processes)
                await process.DisposeAsync();
            foreach (var client in clients.Values)
                client.Dispose();
            await Schemas.Drop(connection, influx, schema);
        }
    }

    private sealed record Silo(int SiloPort, string Status, int Activations);

    private static async Task<IReadOnlyList<Silo>> Silos(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/admin/cluster")).EnumerateArray()
        .Select(s => new Silo(s.GetProperty("siloPort").GetInt32(), s.GetProperty("status").GetString()!, s.GetProperty("activations").ValueKind == System.Text.Json.JsonValueKind.Number ? s.GetProperty("activations").GetInt32() : 0))
        .ToList();
}
