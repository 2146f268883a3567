using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using QingzhouPlan.Server.Tests.Support;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>
/// A hundred hostile uploads (every hostile workbook, then seeded mutants of the template and of them),
/// sent by a reporter as dry runs to a server process whose heap is capped at 1 GiB, as a small deployment's
/// would be: none may crash it, none may take 30 s, and a good form is still read afterwards.
/// </summary>
public sealed class HostileUploadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Form = "/api/plans/qingzhou-2024/departments/gxj/forms";
    private const int Seed = 20241202;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(30);
    private readonly ProcessStore _store = new("hostile");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_hundred_hostile_uploads_neither_crash_a_server_with_a_1_GiB_heap_nor_take_30_seconds()
    {
        await using var server = await _store.Start(new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" });
        using var gxj = server.ClientAs("li.wei", "gxj");
        var statuses = new Dictionary<HttpStatusCode, int>();
        var slowest = (Name: "", Time: TimeSpan.Zero);

        foreach (var (name, file) in HostileWorkbooks.Fuzz(Seed, count: 100))
        {
            var clock = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await Upload(gxj, file);
            }
            catch (HttpRequestException lost)
            {
                throw new InvalidOperationException($"'{name}' took the server down ({lost.Message}):\n{server.Tail}", lost);
            }
            var elapsed = clock.Elapsed;
            ((int)response.StatusCode).ShouldBeLessThan(500, $"'{name}': {await response.Content.ReadAsStringAsync()}");
            elapsed.ShouldBeLessThan(MaxTime, name);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (elapsed > slowest.Time)
                slowest = (name, elapsed);
        }

        server.HasExited.ShouldBeFalse();
        var good = await Upload(gxj, HostileWorkbooks.Template());
        good.StatusCode.ShouldBe(HttpStatusCode.OK, await good.Content.ReadAsStringAsync());
        output.WriteLine($"answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} ×{s.Value}"))}; " +
            $"slowest {slowest.Time.TotalMilliseconds:N0} ms ({slowest.Name}); server's peak memory {server.PeakMemoryBytes / 1024 / 1024:N0} MiB");
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return client.PostAsync(Form, content);
    }
}
