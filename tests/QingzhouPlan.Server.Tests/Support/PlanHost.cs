using System.Net;
using System.Net.Sockets;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// The whole server in-process — HTTP, a real Orleans silo, Marten on the real PostgreSQL and the
/// projection into the real InfluxDB — isolated by its own PostgreSQL schema, InfluxDB database and
/// silo ports, so test classes can run side by side.
/// </summary>
public sealed class PlanHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly TimeProvider? _clock;

    private readonly Action<IServiceCollection>? _services;

    public PlanHost(string? schema = null, IDictionary<string, string?>? overrides = null, TimeProvider? clock = null,
        Action<IServiceCollection>? services = null, bool kestrel = false, int? port = null)
    {
        // A browser needs a real port: Kestrel on loopback instead of the in-memory test server.
        if (kestrel)
        {
            Port = port ?? FreePort();
            UseKestrel(Port.Value);
        }
        _clock = clock;
        _services = services;
        Schema = schema ?? $"t_{Guid.NewGuid():N}"[..18];
        _settings = new Dictionary<string, string?>
        {
            ["Marten:Schema"] = Schema,
            ["InfluxDb:Database"] = Schema,
            ["Orleans:ClusterId"] = Schema,
            ["Orleans:SiloPort"] = FreePort().ToString(),
            ["Orleans:GatewayPort"] = FreePort().ToString(),
            ["Logging:Console:FormatterName"] = "simple",
            // Outside Development the server refuses the public built-in key.
            ["Auth:SigningKey"] = $"test-key-{Guid.NewGuid():N}-{Guid.NewGuid():N}",
            // One log key per store, so a host that reopens a schema signs as the one before it.
            ["Transparency:KeyFile"] = ServerProcess.LogKeyFile(Schema),
            // As the local launcher does: the seed plan's windows closed long ago (the round's tests turn this off).
            ["Seeds:OpenWindows"] = "true",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public string Schema { get; }

    /// <summary>The loopback port when the host runs on Kestrel.</summary>
    public int? Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>False for a host whose store a later host in the same test reopens.</summary>
    public bool DropSchemaOnDispose { get; init; } = true;

    public string InfluxDatabase => _settings["InfluxDb:Database"]!;

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public InfluxQuery Influx => new(_settings.GetValueOrDefault("InfluxDb:Url") ?? ServiceEndpoints.InfluxUrl, InfluxDatabase);

    /// <summary>
    /// A client with a bearer token for a user of a department in a role, signed with the host's key, covering
    /// the plans given or else the host's default plans.
    /// </summary>
    public HttpClient ClientAs(string user, string department, string role = "reporter", IEnumerable<string>? plans = null)
    {
        var client = CreateClient();
        var token = Services.GetRequiredService<QingzhouPlan.Server.Access.TokenMinter>().Mint(user, department, [role], plans: plans);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client that may read current figures and summaries.</summary>
    public HttpClient Viewer() => ClientAs("zhou.viewer", "tjj", "viewer");

    /// <summary>Deactivates every idle grain, so the next call rebuilds its state from Marten.</summary>
    public Task DeactivateAllGrains() =>
        Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async Task<IReadOnlyList<JasperFx.Events.IEvent>> Events(string streamKey)
    {
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamAsync(streamKey);
    }

    /// <summary>Waits until the transparency log records every event, and a checkpoint signs all of it; that checkpoint.</summary>
    public async Task<string> Checkpointed(TimeSpan? timeout = null)
    {
        var audit = Services.GetRequiredService<QingzhouPlan.Server.Transparency.LogAudit>();
        var sequencer = Services.GetRequiredService<QingzhouPlan.Server.Transparency.LogSequencer>();
        var log = Services.GetRequiredService<QingzhouPlan.Server.Transparency.LogReader>();
        string? note = null;
        await Wait.Until(async () =>
        {
            await using var session = Store.QuerySession();
            var last = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync();
            if (await audit.Cursor(default) < last)
                return false;
            await sequencer.Checkpoint(default);
            var leaves = await Services.GetRequiredService<QingzhouPlan.Server.Transparency.LogTree>().Read(t => t.Size, default);
            note = (await log.Checkpoints(default)) is [.., var latest] && latest.Size == leaves ? latest.Note : null;
            return note is not null;
        }, timeout ?? TimeSpan.FromSeconds(30));
        return note!;
    }

    public Task WaitForProjections(TimeSpan? timeout = null) =>
        Store.WaitForNonStaleProjectionDataAsync(timeout ?? TimeSpan.FromSeconds(30));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        if (_clock is not null)
            builder.ConfigureTestServices(services => services.AddKeyedSingleton(Clocks.Business, _clock));
        if (_services is not null)
            builder.ConfigureTestServices(_services);
    }

    public override async ValueTask DisposeAsync()
    {
        var connectionString = Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten");
        await base.DisposeAsync();
        await Influx.DropDatabase();
        if (DropSchemaOnDispose)
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static int FreePort() => LoopbackPort.Free();
}
