using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// A private influxd (its own port and data folder, started by infra/services.sh), for tests that stop
/// and restart InfluxDB without disturbing the server every other test shares.
/// </summary>
public sealed class OwnInflux : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    private OwnInflux(int port, string state)
    {
        Port = port;
        _environment = new()
        {
            ["QZ_STATE_DIR"] = state,
            ["QZ_INFLUX_PORT"] = port.ToString(),
            ["QZ_INFLUX_RPC_PORT"] = FreePort().ToString(),
        };
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<OwnInflux> Start()
    {
        var influx = new OwnInflux(FreePort(), Path.Combine(Path.GetTempPath(), $"qz-influx-{Guid.NewGuid():N}"));
        await influx.Run("start-influx");
        return influx;
    }

    public Task Stop() => Run("stop-influx");

    public Task Restart() => Run("start-influx");

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Directory.Delete(_environment["QZ_STATE_DIR"], recursive: true);
    }

    private async Task Run(string command)
    {
        var script = Path.GetFullPath(Path.Combine(Seeds.Directory, "..", "infra", "services.sh"));
        var psi = new ProcessStartInfo("bash", [script, command]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (key, value) in _environment)
            psi.Environment[key] = value;
        using var process = Process.Start(psi)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"services.sh {command} failed: {error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
