using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Tests.Forms;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Hostile uploads by the thousand (every hostile workbook of the tests, then seeded mutants), dry runs from
/// four reporters at once, against a server process whose heap is capped at 1 GiB: how long they take, what
/// they are answered, and the most memory the server held.
/// </summary>
public static class HostileUploads
{
    public sealed record Result(Measure.Run Run, IReadOnlyDictionary<int, int> Answers, long PeakBytes, bool Survived);

    public static async Task<Result> Measure(string connection, string influx, int uploads)
    {
        var schema = $"bench_hostile_{DateTime.UtcNow:MMddHHmmss}";
        var key = $"bench-hostile-{Guid.NewGuid():N}-{Guid.NewGuid():N}";
        var files = HostileWorkbooks.Fuzz(seed: 20241202, uploads).Select(f => f.File).ToList();
        var answers = new Dictionary<int, int>();
        try
        {
            await using var server = await ServerProcess.Start(schema, key,
                new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" }, timeout: TimeSpan.FromMinutes(2));
            // Each worker a user of its own: one user's files are read one at a time.
            var minter = new TokenMinter(Options.Create(new AuthOptions { SigningKey = key }), PlanScope.Every);
            var clients = Enumerable.Range(0, 4).Select(i =>
            {
                var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
                client.DefaultRequestHeaders.Authorization = new("Bearer", minter.Mint($"bench.hostile{i}", "gxj", ["reporter"]));
                return client;
            }).ToList();
            var run = await Benchmarks.Measure.Throughput(files.Count, clients.Count, async i =>
            {
                var content = new ByteArrayContent(files[i]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                var status = (int)(await clients[i % clients.Count].PostAsync("/api/plans/qingzhou-2024/departments/gxj/forms", content)).StatusCode;
                lock (answers)
                    answers[status] = answers.GetValueOrDefault(status) + 1;
            });
            var survived = !server.HasExited && (await clients[0].GetAsync("/health")).IsSuccessStatusCode;
            return new Result(run, answers, server.PeakMemoryBytes, survived);
        }
        finally
        {
            await Schemas.Drop(connection, influx, schema);
        }
    }
}
