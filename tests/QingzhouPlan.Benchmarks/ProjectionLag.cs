using System.Diagnostics;
using System.Text.Json;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Acknowledgement → queryable in InfluxDB, under a steady paced load. Every report goes to a period of an item
/// that has none yet, so its indicator_revision point is the first of its series. Some reports (about a hundred
/// a second) are watched: every 20 ms InfluxDB is asked for the series of the watched reports still unseen (a
/// hundred to a query), and a report's lag runs from its acknowledgement to the end of the first query that finds
/// its point, so it includes that query's own few milliseconds.
///
/// An earlier probe counted every revision point of the phase each 20 ms. Over a series per item and period, one
/// such count took 150–400 ms, so it saw points a few hundred milliseconds late and kept InfluxDB busy with itself.
/// Queries that name their series by tag take a few milliseconds.
/// </summary>
public static class ProjectionLag
{
    public sealed record Result(double P50, double P99, int Samples, int Reports);

    private const int WatchedPerSecond = 100;

    public static async Task<Result> Measure(double rate, TimeSpan duration, Slots slots, Func<Slot, Task> post, string influx, string database)
    {
        using var http = new HttpClient();
        var reports = Math.Min((int)(rate * duration.TotalSeconds), slots.Remaining);
        var every = Math.Max(1, (int)Math.Round(rate / WatchedPerSecond));
        var watched = new List<(Slot Slot, double Ack)>();
        var clock = Stopwatch.StartNew();
        var sending = PacedLoad.Send(rate, reports, clock, async i =>
        {
            var slot = slots.Take();
            await post(slot);
            if (i % every == 0)
                lock (watched)
                    watched.Add((slot, clock.Elapsed.TotalMilliseconds));
        });

        var lags = new List<double>();
        var seen = new HashSet<Slot>();
        while (true)
        {
            List<(Slot Slot, double Ack)> waiting;
            lock (watched)
                waiting = watched.Where(w => !seen.Contains(w.Slot)).ToList();
            if (waiting.Count > 0)
            {
                var found = await Visible(http, influx, database, waiting.Select(w => w.Slot).ToList());
                var at = clock.Elapsed.TotalMilliseconds;
                foreach (var (slot, ack) in waiting.Where(w => found.Contains((w.Slot.Plan, w.Slot.Code, w.Slot.Period))))
                {
                    seen.Add(slot);
                    lags.Add(at - ack);
                }
            }
            if (sending.IsFaulted)
                await sending;
            if (sending.IsCompleted && seen.Count == watched.Count)
                break;
            if (clock.Elapsed > duration + TimeSpan.FromMinutes(2))
                throw new TimeoutException("the projection did not catch up within 2 minutes of the load");
            await Task.Delay(20);
        }
        await sending;
        return new Result(QingzhouPlan.Benchmarks.Measure.Percentile(lags, 50), QingzhouPlan.Benchmarks.Measure.Percentile(lags, 99), lags.Count, reports);
    }

    /// <summary>Which of the reports' revision points InfluxDB returns now.</summary>
    private static async Task<HashSet<(string Plan, string Code, string Period)>> Visible(HttpClient http, string influx, string database, IReadOnlyList<Slot> slots)
    {
        static string Quoted(string value) => $"'{value.Replace("\\", "\\\\").Replace("'", "\\'")}'";
        var found = new HashSet<(string, string, string)>();
        // If the projection falls behind, many reports wait unseen: a query names at most a hundred series.
        foreach (var chunk in slots.Chunk(100))
        {
            var series = string.Join(" OR ", chunk.Select(s => $"(\"plan\" = {Quoted(s.Plan)} AND \"indicator\" = {Quoted(s.Code)} AND \"period\" = {Quoted(s.Period)})"));
            var query = $"SELECT count(\"revision\") FROM \"indicator_revision\" WHERE {series} GROUP BY \"plan\", \"indicator\", \"period\"";
            using var response = await http.PostAsync($"{influx}/query?db={database}", new FormUrlEncodedContent([new("q", query)]));
            response.EnsureSuccessStatusCode();
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var result = json.RootElement.GetProperty("results")[0];
            if (result.TryGetProperty("error", out var error))
                throw new InvalidOperationException($"InfluxDB refused the probe: {error.GetString()}");
            if (result.TryGetProperty("series", out var rows))
                foreach (var row in rows.EnumerateArray())
                {
                    var tags = row.GetProperty("tags");
                    found.Add((tags.GetProperty("plan").GetString()!, tags.GetProperty("indicator").GetString()!, tags.GetProperty("period").GetString()!));
                }
        }
        return found;
    }
}
