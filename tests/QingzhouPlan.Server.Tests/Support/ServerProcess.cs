using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Access;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// The built server as a process of its own on loopback, for what only a real process shows: being killed
/// (SIGKILL, no shutdown code runs) and started again on the same store, a heap of a given size, a cluster of
/// several. The tests and the benchmarks both start servers through it. It finds PostgreSQL, InfluxDB and
/// Redis as the calling process does (infra/services.sh env), and takes a schema of its own.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail;
    private readonly List<string> _lines;

    /// <summary>The last lines the server wrote, for a test to show when something took longer than it should.</summary>
    public string Tail => string.Join('\n', _tail);

    /// <summary>How many lines the server has written (its first 100,000 are kept).</summary>
    public int LineCount
    {
        get
        {
            lock (_lines)
                return _lines.Count;
        }
    }

    /// <summary>The lines written since <see cref="LineCount"/> was <paramref name="from"/>.</summary>
    public IReadOnlyList<string> LinesFrom(int from)
    {
        lock (_lines)
            return _lines.Skip(from).ToList();
    }
    private readonly string _signingKey;

    private ServerProcess(Process process, int port, SiloPorts ports, string signingKey, ConcurrentQueue<string> tail, List<string> lines)
    {
        _process = process;
        _tail = tail;
        _lines = lines;
        _signingKey = signingKey;
        Ports = ports;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>The silo's ports: give them to <see cref="Start"/> to bring the same silo back after a kill.</summary>
    public SiloPorts Ports { get; }

    public int SiloPort => Ports.Silo;

    public sealed record SiloPorts(int Silo, int Gateway);

    /// <summary>Settings that make a silo of a Redis-clustered deployment, with Marten's daemon in HotCold mode.</summary>
    public static IReadOnlyDictionary<string, string> Clustered => new Dictionary<string, string>
    {
        ["Cluster__Membership"] = "redis",
        ["ConnectionStrings__Redis"] = ServiceEndpoints.Redis,
        ["Marten__Daemon"] = "HotCold",
        // A dead silo declared after two missed 2 s probes, as infra/start.sh --silos sets it.
        ["Orleans__ProbeTimeoutSeconds"] = "2",
        ["Orleans__MissedProbesLimit"] = "2",
    };

    /// <summary>The transparency log's key of a store: one per schema, shared by every process and host that opens it.</summary>
    public static string LogKeyFile(string schema) => Path.Combine(Path.GetTempPath(), "qz-log-keys", $"{schema}.key");

    /// <summary>
    /// Starts the server on the given schema (and InfluxDB database of the same name), with the plans of
    /// <paramref name="seeds"/> (the repository's by default), and waits until /health answers 200.
    /// </summary>
    public static async Task<ServerProcess> Start(
        string schema, string signingKey, IReadOnlyDictionary<string, string>? settings = null, SiloPorts? ports = null, TimeSpan? timeout = null,
        string listenOn = "127.0.0.1", string? seeds = null)
    {
        // The server is built next to the tests, in the same configuration.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(Repository.Root, "src", "QingzhouPlan.Server", "bin", configuration, "net10.0", "QingzhouPlan.Server.dll");
        var port = LoopbackPort.Free();
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://{listenOn}:{port}"])
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
        ports ??= new SiloPorts(LoopbackPort.Free(), LoopbackPort.Free());
        psi.Environment["Orleans__SiloPort"] = ports.Silo.ToString();
        psi.Environment["Orleans__GatewayPort"] = ports.Gateway.ToString();
        psi.Environment["Auth__SigningKey"] = signingKey;
        psi.Environment["Transparency__KeyFile"] = LogKeyFile(schema);
        psi.Environment["Seeds__Directory"] = seeds ?? Path.Combine(Repository.Root, "seeds");
        // As the local launcher does: the seed plan's windows closed long ago (the round's tests turn this off).
        psi.Environment["Seeds__OpenWindows"] = "true";
        psi.Environment["Api__RateLimit__Burst"] = "1000000";
        psi.Environment["Api__RateLimit__PerSecond"] = "1000000";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        var process = Process.Start(psi)!;
        // The last lines the server wrote, to say why it did not start.
        var tail = new ConcurrentQueue<string>();
        var lines = new List<string>();
        void Keep(string? line)
        {
            if (line is null)
                return;
            tail.Enqueue(line);
            while (tail.Count > 200)
                tail.TryDequeue(out _);
            lock (lines)
                if (lines.Count < 100_000)
                    lines.Add(line);
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port, ports, signingKey, tail, lines);
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromMinutes(2)))
        {
            if (process.HasExited)
            {
                var code = process.ExitCode;
                process.Dispose();
                throw new InvalidOperationException($"the server exited with code {code} before it was healthy:\n{string.Join('\n', tail)}");
            }
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
        throw new TimeoutException($"the server did not become healthy in time:\n{string.Join('\n', tail)}");
    }

    /// <summary>A client with a token signed with the server's key, for every plan.</summary>
    public HttpClient ClientAs(string user, string department, string role = "reporter")
    {
        var minter = new TokenMinter(Options.Create(new AuthOptions { SigningKey = _signingKey }), PlanScope.Every);
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", minter.Mint(user, department, [role]));
        return client;
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>The most memory the process has held at once (VmHWM, the peak resident set), in bytes.</summary>
    public long PeakMemoryBytes =>
        File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kib ? long.Parse(kib) * 1024 : 0;

    /// <summary>SIGSTOP: the process stalls where it is (a long GC pause, a frozen VM), holding its connections open.</summary>
    public Task Pause() => Signal("STOP");

    /// <summary>SIGCONT: the stalled process carries on from where it stopped, unaware of the time that passed.</summary>
    public Task Resume() => Signal("CONT");

    /// <summary>Whether the process ended (by itself) within the time given.</summary>
    public async Task<bool> Exits(TimeSpan within)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(within);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", _process.Id.ToString()])!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{name} {_process.Id} ended with {kill.ExitCode}");
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no goodbye to the cluster.</summary>
    public async Task Kill()
    {
        // SIGKILL ends a stopped process too.
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
