using QingzhouPlan.Server.Tests.Support;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// The whole server in this process on real Kestrel (HTTP over loopback), with its own schema and InfluxDB
/// database, rate limits out of the way, and a seeds folder holding copies of the 2024 plan.
/// </summary>
public sealed class BenchHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public BenchHost(string schema, string seeds, string influxUrl, string? dashboardPlan = null)
    {
        Port = FreePort();
        Schema = schema;
        _settings = new()
        {
            ["Marten:Schema"] = schema,
            ["InfluxDb:Database"] = schema,
            ["InfluxDb:Url"] = influxUrl,
            ["Seeds:Directory"] = seeds,
            ["Seeds:RecordAtAdoption"] = "true",
            ["Seeds:OpenWindows"] = "true",
            ["Orleans:ClusterId"] = schema,
            ["Transparency:KeyFile"] = ServerProcess.LogKeyFile(schema),
            ["Orleans:SiloPort"] = FreePort().ToString(),
            ["Orleans:GatewayPort"] = FreePort().ToString(),
            ["Api:RateLimit:Burst"] = "10000000",
            ["Api:RateLimit:PerSecond"] = "10000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
            ["Auth:SigningKey"] = $"bench-key-{Guid.NewGuid():N}-{Guid.NewGuid():N}",
            // The plan the built-in page opens.
            ["Dashboard:Plan"] = dashboardPlan,
        };
        UseKestrel(Port);
    }

    public int Port { get; }

    public string Schema { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, CeilingEndpoints>());
    }

    private static int FreePort() => LoopbackPort.Free();
}
