using QingzhouPlan.Server.Tests.Support;
using System.Diagnostics;

namespace QingzhouPlan.Benchmarks;

/// <summary>The server as a process of its own: from start to a healthy /health on an empty store, the plan loaded.</summary>
public static class Startup
{
    public sealed record Result(double Milliseconds, double ResidentMegabytes);

    public static async Task<Result> Measure(string connection, string influx)
    {
        var schema = $"bench_start_{DateTime.UtcNow:HHmmss}";
        var clock = Stopwatch.StartNew();
        try
        {
            await using var server = await ServerProcess.Start(schema, $"bench-key-{Guid.NewGuid():N}-{Guid.NewGuid():N}", timeout: TimeSpan.FromMinutes(2));
            return new Result(clock.Elapsed.TotalMilliseconds, ResidentMegabytes(server.Id));
        }
        finally
        {
            await Schemas.Drop(connection, influx, schema);
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
