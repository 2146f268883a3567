using System.Diagnostics;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// CPU seconds used by this process (server and benchmark), InfluxDB and PostgreSQL, read from the kernel's
/// accounting. Taken before and after a phase, it says whether the machine's cores were the ceiling: when the three
/// together used nearly all the cores for the phase's whole wall time, no overlap of the phase's own stages can make
/// it faster. PostgreSQL backends that exit during the phase are not counted, so its figure is a lower bound.
/// </summary>
/// <remarks>
/// This process's allocations, garbage collections and methods compiled come with it: the runtime's own share of the
/// CPU. Compilation that goes on after warm-up means code is being generated while serving.
/// </remarks>
public sealed record CpuTime(double Own, double Influx, double Postgres, long AllocatedBytes, TimeSpan GcPauses, int Collections,
    long MethodsCompiled, TimeSpan CompilingTime)
{
    /// <summary>Each process's CPU seconds so far, by process id, and this process's allocations and collections.</summary>
    public sealed record Reading(double Own, IReadOnlyDictionary<int, double> Influx, IReadOnlyDictionary<int, double> Postgres,
        long AllocatedBytes, TimeSpan GcPauses, int Collections, long MethodsCompiled, TimeSpan CompilingTime)
    {
        /// <summary>What each used between <paramref name="before"/> and this reading, process by process.</summary>
        public CpuTime Since(Reading before) => new(
            Own - before.Own,
            Influx.Sum(p => p.Value - before.Influx.GetValueOrDefault(p.Key)),
            Postgres.Sum(p => p.Value - before.Postgres.GetValueOrDefault(p.Key)),
            AllocatedBytes - before.AllocatedBytes, GcPauses - before.GcPauses, Collections - before.Collections,
            MethodsCompiled - before.MethodsCompiled, CompilingTime - before.CompilingTime);
    }

    public double Total => Own + Influx + Postgres;

    /// <summary>"1.24 ms here, 0.67 ms PostgreSQL": CPU per operation, when the phase did <paramref name="operations"/>.</summary>
    public string Per(long operations) => $"{Own / operations * 1000:0.00} ms here, {Postgres / operations * 1000:0.00} ms PostgreSQL";

    public static Reading Now() => new(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, ByPid("influxd"), ByPid("postgres"),
        GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(0),
        System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

    /// <summary>"CPU 1.20 s here, InfluxDB 0.80 s, PostgreSQL 0.40 s: 80 % of 2 cores over 1.50 s; here 900 MiB allocated, …".</summary>
    public string Describe(double wallSeconds) =>
        $"CPU {Own:0.00} s here, InfluxDB {Influx:0.00} s, PostgreSQL {Postgres:0.00} s: "
        + $"{Total / (wallSeconds * Environment.ProcessorCount):P0} of {Environment.ProcessorCount} cores over {wallSeconds:0.00} s; "
        + $"here {AllocatedBytes / 1048576.0:N0} MiB allocated, {Collections} collections pausing {GcPauses.TotalMilliseconds:N0} ms, "
        + $"{MethodsCompiled:N0} methods compiled in {CompilingTime.TotalMilliseconds:N0} ms";

    // Read from /proc directly: user and system time in clock ticks (USER_HZ, 100 on Linux), fields 14 and 15 of
    // stat, counted after the parenthesised command name, which may itself hold spaces.
    private static Dictionary<int, double> ByPid(string name)
    {
        var times = new Dictionary<int, double>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(folder, "comm")).Trim() != name)
                    continue;
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                times[pid] = (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
            }
            catch (IOException)
            {
                // Exited between the listing and the reading.
            }
        }
        return times;
    }
}
