using System.Diagnostics;

namespace QingzhouPlan.Benchmarks;

/// <summary>Timing helpers: throughput of N operations over W workers, and latency percentiles.</summary>
public static class Measure
{
    public sealed record Run(int Operations, double Seconds, IReadOnlyList<double> LatenciesMs)
    {
        public double PerSecond => Operations / Seconds;
        public double P(double percentile) => Percentile(LatenciesMs, percentile);
    }

    /// <summary>Runs <paramref name="operations"/> calls of <paramref name="operation"/> (given its index) on <paramref name="workers"/> concurrent workers.</summary>
    public static async Task<Run> Throughput(int operations, int workers, Func<int, Task> operation)
    {
        var next = -1;
        var latencies = new double[operations];
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < operations)
            {
                var one = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(one).TotalMilliseconds;
            }
        })));
        return new Run(operations, total.Elapsed.TotalSeconds, latencies);
    }

    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
