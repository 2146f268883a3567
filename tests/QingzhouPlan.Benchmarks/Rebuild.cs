using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Marten.Events;

namespace QingzhouPlan.Benchmarks;

/// <summary>The admin rebuild, timed from the request until the replay has reached the last event.</summary>
public static class Rebuild
{
    public sealed record Result(long Events, long Points, double Seconds);

    public static async Task<Result> Measure(HttpClient admin, IDocumentStore store, string influx, string database)
    {
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(3));
        var clock = Stopwatch.StartNew();
        (await admin.PostAsync("/api/admin/projections/influx/rebuild", null)).EnsureSuccessStatusCode();
        JsonElement status;
        do
        {
            // Polled often: the rebuild of a quick run takes about a second, and the wait is part of the figure.
            await Task.Delay(20);
            status = await admin.GetFromJsonAsync<JsonElement>("/api/admin/projections/influx");
        }
        while (status.GetProperty("state").GetString() != "done");
        var seconds = clock.Elapsed.TotalSeconds;
        using var http = new HttpClient();
        long points = 0;
        foreach (var (measurement, field) in new[] { ("indicator_actual", "value"), ("indicator_target", "value"), ("indicator_revision", "revision") })
        {
            var json = await http.GetStringAsync($"{influx}/query?db={database}&q={Uri.EscapeDataString($"SELECT count(\"{field}\") FROM \"{measurement}\"")}");
            var result = JsonDocument.Parse(json).RootElement.GetProperty("results")[0];
            if (result.TryGetProperty("series", out var series))
                points += series[0].GetProperty("values")[0][1].GetInt64();
        }
        return new Result(status.GetProperty("eventsTotal").GetInt64(), points, seconds);
    }
}
