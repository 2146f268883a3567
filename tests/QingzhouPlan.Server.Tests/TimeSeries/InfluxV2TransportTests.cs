using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// No InfluxDB 2.x/3.x can run on the development machines, so the v2 transport is tested against a
/// local HTTP listener that records the exchange InfluxDB.Client makes and answers as 2.x does.
/// </summary>
public sealed class InfluxV2TransportTests
{
    [Fact]
    public async Task Writes_and_deletes_go_to_the_v2_API_with_org_bucket_and_token()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var recorded = new List<(string Method, string Path, string Query, string? Auth, string Body)>();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                lock (recorded)
                    recorded.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query,
                        context.Request.Headers["Authorization"], body));
                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        });
        using var writer = new InfluxV2Writer(Options.Create(new InfluxOptions
        {
            Transport = "v2", Url = $"http://127.0.0.1:{port}", Org = "qingzhou", Bucket = "plan", Token = "secret-token",
        }));
        var at = new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var tags = new Dictionary<string, string> { ["indicator"] = "GDP" };

        await writer.ApplyAsync(
        [
            PointLine.Measurement("indicator_actual", tags).Field("value", 5.8m).At(at),
            new SeriesChange.Delete("indicator_actual", new Dictionary<string, string> { ["indicator"] = "CPI" }, at),
        ], CancellationToken.None);
        listener.Stop();
        await serving;

        recorded.Count.ShouldBe(2);
        var write = recorded[0];
        (write.Method, write.Path, write.Auth).ShouldBe(("POST", "/api/v2/write", "Token secret-token"));
        write.Query.ShouldContain("org=qingzhou");
        write.Query.ShouldContain("bucket=plan");
        write.Query.ShouldContain("precision=ms");
        write.Body.ShouldBe($"indicator_actual,indicator=GDP value=5.8 {at.ToUnixTimeMilliseconds()}");
        var delete = recorded[1];
        (delete.Method, delete.Path).ShouldBe(("POST", "/api/v2/delete"));
        delete.Body.ShouldContain("_measurement=\\\"indicator_actual\\\" AND indicator=\\\"CPI\\\"");
        delete.Body.ShouldContain("2024-06-30T16:00:00");
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
