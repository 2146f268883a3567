using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using QingzhouPlan.Server.Access;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// The built server as a process of its own on loopback, for what only a real process shows: being killed
/// (SIGKILL, no shutdown code runs) and started again on the same store.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _signingKey;

    private ServerProcess(Process process, int port, int siloPort, string signingKey)
    {
        _process = process;
        _signingKey = signingKey;
        SiloPort = siloPort;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public int SiloPort { get; }

    /// <summary>Settings that make a silo of a Redis-clustered deployment, with Marten's daemon in HotCold mode.</summary>
    public static IReadOnlyDictionary<string, string> Clustered => new Dictionary<string, string>
    {
        ["Cluster__Membership"] = "redis",
        ["ConnectionStrings__Redis"] = ServiceEndpoints.Redis,
        ["Marten__Daemon"] = "HotCold",
    };

    /// <summary>Starts the server on the given schema (and InfluxDB database of the same name) and waits until /health answers 200.</summary>
    public static async Task<ServerProcess> Start(
        string schema, string signingKey, IReadOnlyDictionary<string, string>? settings = null, TimeSpan? timeout = null)
    {
        // The server is built next to the tests, in the same configuration.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(Repository.Root, "src", "QingzhouPlan.Server", "bin", configuration, "net10.0", "QingzhouPlan.Server.dll");
        var port = PlanHost.FreePortForTests();
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Marten__Schema"] = schema;
        psi.Environment["InfluxDb__Url"] = ServiceEndpoints.InfluxUrl;
        psi.Environment["InfluxDb__Database"] = schema;
        psi.Environment["Orleans__ClusterId"] = schema;
        var siloPort = PlanHost.FreePortForTests();
        psi.Environment["Orleans__SiloPort"] = siloPort.ToString();
        psi.Environment["Orleans__GatewayPort"] = PlanHost.FreePortForTests().ToString();
        psi.Environment["Auth__SigningKey"] = signingKey;
        psi.Environment["Seeds__Directory"] = Path.Combine(Repository.Root, "seeds");
        psi.Environment["Api__RateLimit__Burst"] = "1000000";
        psi.Environment["Api__RateLimit__PerSecond"] = "1000000";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port, siloPort, signingKey);
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromMinutes(2)))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the server exited with code {process.ExitCode} before it was healthy");
            try
            {
                if ((await http.GetAsync($"{server.BaseUrl}/health")).IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        await server.DisposeAsync();
        throw new TimeoutException("the server did not become healthy in time");
    }

    /// <summary>A client with a token signed with the server's key.</summary>
    public HttpClient ClientAs(string user, string department, string role = "reporter")
    {
        var minter = new TokenMinter(Options.Create(new AuthOptions { SigningKey = _signingKey }));
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", minter.Mint(user, department, [role]));
        return client;
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no goodbye to the cluster.</summary>
    public async Task Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        _process.Dispose();
    }
}
