using System.Diagnostics;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// The Release build of the server as a process of its own on loopback, on a schema (and InfluxDB database)
/// of the caller's choosing; killed (SIGKILL) when disposed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port, int siloPort)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}";
        SiloPort = siloPort;
    }

    public string BaseUrl { get; }

    public int SiloPort { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The most memory the process has held at once (VmHWM, the peak resident set), in bytes.</summary>
    public long PeakMemoryBytes =>
        File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kib ? long.Parse(kib) * 1024 : 0;

    /// <summary>Starts the server; <see cref="Healthy"/> waits for it.</summary>
    public static ServerProcess Start(string connection, string influx, string schema, string seeds, string signingKey,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = Path.Combine(PlanCopies.RepositoryRoot(), "src", "QingzhouPlan.Server", "bin", "Release", "net10.0", "QingzhouPlan.Server.dll");
        var port = BenchHost.FreePort();
        var siloPort = BenchHost.FreePort();
        var psi = new ProcessStartInfo("dotnet", [server, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(server)!,
        };
        psi.Environment["ConnectionStrings__Marten"] = connection;
        psi.Environment["InfluxDb__Url"] = influx;
        psi.Environment["Marten__Schema"] = schema;
        psi.Environment["InfluxDb__Database"] = schema;
        psi.Environment["Orleans__ClusterId"] = schema;
        psi.Environment["Orleans__SiloPort"] = siloPort.ToString();
        psi.Environment["Orleans__GatewayPort"] = BenchHost.FreePort().ToString();
        psi.Environment["Auth__SigningKey"] = signingKey;
        psi.Environment["Seeds__Directory"] = seeds;
        psi.Environment["Api__RateLimit__Burst"] = "10000000";
        psi.Environment["Api__RateLimit__PerSecond"] = "10000000";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, port, siloPort);
    }

    /// <summary>Waits until /health answers 200.</summary>
    public async Task Healthy(TimeSpan timeout)
    {
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} before it was healthy");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/health")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"the server did not become healthy within {timeout.TotalSeconds:0} s");
    }

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
