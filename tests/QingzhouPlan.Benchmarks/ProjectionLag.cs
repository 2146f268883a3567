using System.Diagnostics;
using System.Text.Json;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Acknowledgement → queryable in InfluxDB, under a steady paced load. Each report adds exactly one
/// indicator_revision point and the projection applies events in commit order, so when InfluxDB counts k
/// new revision points, the first k acknowledged reports are queryable: polling the count every 20 ms
/// gives each report's lag to within the polling interval.
/// </summary>
public static class ProjectionLag
{
    public sealed record Result(double P50, double P99, int Samples);

    public static async Task<Result> Measure(double rate, TimeSpan duration, Slots slots, Func<Slot, Task> post, string influx, string database)
    {
        using var http = new HttpClient();
        async Task<long> Count()
        {
            var json = await http.GetStringAsync($"{influx}/query?db={database}&q={Uri.EscapeDataString("SELECT count(\"revision\") FROM \"indicator_revision\"")}");
            var series = JsonDocument.Parse(json).RootElement.GetProperty("results")[0];
            return series.TryGetProperty("series", out var s) ? s[0].GetProperty("values")[0][1].GetInt64() : 0;
        }

        var before = await Count();
        var reports = Math.Min((int)(rate * duration.TotalSeconds), slots.Remaining);
        var acks = new double[reports];
        var clock = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            var inFlight = new List<Task>();
            for (var i = 0; i < reports; i++)
            {
                var due = TimeSpan.FromSeconds(i / rate);
                // Read the clock once: between a check and the subtraction it can pass the due time.
                if (due - clock.Elapsed is { Ticks: > 0 } wait)
                    await Task.Delay(wait);
                var n = i;
                var slot = slots.Take();
                inFlight.Add(Task.Run(async () =>
                {
                    await post(slot);
                    acks[n] = clock.Elapsed.TotalMilliseconds;
                }));
            }
            await Task.WhenAll(inFlight);
        });
        var visible = new List<(double At, long Count)>();
        while (true)
        {
            var count = await Count() - before;
            visible.Add((clock.Elapsed.TotalMilliseconds, count));
            if (sending.IsFaulted)
                await sending;
            if (sending.IsCompleted && count >= reports)
                break;
            if (clock.Elapsed > duration + TimeSpan.FromMinutes(2))
                throw new TimeoutException("the projection did not catch up within 2 minutes of the load");
            await Task.Delay(20);
        }
        await sending;

        var ordered = acks.Order().ToArray();
        var lags = ordered.Select((ack, k) => Math.Max(0, visible.First(v => v.Count >= k + 1).At - ack)).ToList();
        return new Result(QingzhouPlan.Benchmarks.Measure.Percentile(lags, 50), QingzhouPlan.Benchmarks.Measure.Percentile(lags, 99), reports);
    }
}
