using System.Diagnostics;

namespace QingzhouPlan.Benchmarks;

/// <summary>The server as a process of its own: from start to a healthy /health on an empty store, the plan loaded.</summary>
public static class Startup
{
    public sealed record Result(double Milliseconds, double ResidentMegabytes);

    public static async Task<Result> Measure(string connection, string influx)
    {
        var server = Path.Combine(PlanCopies.RepositoryRoot(), "src", "QingzhouPlan.Server", "bin", "Release", "net10.0", "QingzhouPlan.Server.dll");
        var schema = $"bench_start_{DateTime.UtcNow:HHmmss}";
        var port = BenchHost.FreePort();
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
        psi.Environment["Orleans__SiloPort"] = BenchHost.FreePort().ToString();
        psi.Environment["Orleans__GatewayPort"] = BenchHost.FreePort().ToString();
        psi.Environment["Auth__SigningKey"] = $"bench-key-{Guid.NewGuid():N}-{Guid.NewGuid():N}";
        psi.Environment["Seeds__Directory"] = Path.Combine(PlanCopies.RepositoryRoot(), "seeds");
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                try
                {
                    if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                        return new Result(clock.Elapsed.TotalMilliseconds, ResidentMegabytes(process.Id));
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                await Task.Delay(25);
            }
            throw new TimeoutException("the server did not become healthy within 2 minutes");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await using var pg = new Npgsql.NpgsqlConnection(connection);
            await pg.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", pg);
            await drop.ExecuteNonQueryAsync();
            await http.PostAsync($"{influx}/query?q={Uri.EscapeDataString($"DROP DATABASE \"{schema}\"")}", null);
        }
    }

    /// <summary>Resident set size from /proc, after a full collection when it is this process.</summary>
    public static double ResidentMegabytes(int? pid = null)
    {
        if (pid is null)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        var status = File.ReadAllLines($"/proc/{pid?.ToString() ?? "self"}/status");
        var kb = long.Parse(status.Single(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return kb / 1024.0;
    }
}
