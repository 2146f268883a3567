using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Marten.Events;

namespace QingzhouPlan.Benchmarks;

/// <summary>The admin rebuild, timed from the request until the replay has reached the last event.</summary>
public static class Rebuild
{
    public sealed record Result(long Events, long Points, double Seconds, CpuTime Cpu, IReadOnlyList<string> Lines);

    public static async Task<Result> Measure(HttpClient admin, IDocumentStore store, string influx, string database)
    {
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(3));
        var cpu = CpuTime.Now();
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
        var used = CpuTime.Now().Since(cpu);
        var lines = await RebuiltLines(influx, database);
        return new Result(status.GetProperty("eventsTotal").GetInt64(), lines.Count, seconds, used, lines);
    }

    /// <summary>Every point the rebuild wrote, read back and printed again as line protocol (fields with their stored types).</summary>
    private static async Task<IReadOnlyList<string>> RebuiltLines(string influx, string database)
    {
        using var http = new HttpClient();
        async Task<JsonElement> Query(string influxQl) =>
            JsonDocument.Parse(await http.GetStringAsync($"{influx}/query?db={database}&epoch=ms&q={Uri.EscapeDataString(influxQl)}"))
                .RootElement.GetProperty("results")[0];
        var lines = new List<string>();
        foreach (var measurement in new[] { "indicator_actual", "indicator_target", "indicator_revision" })
        {
            if (!(await Query($"SHOW FIELD KEYS FROM \"{measurement}\"")).TryGetProperty("series", out var keys))
                continue;
            var types = keys[0].GetProperty("values").EnumerateArray().ToDictionary(v => v[0].GetString()!, v => v[1].GetString()!);
            if (!(await Query($"SELECT * FROM \"{measurement}\" GROUP BY *")).TryGetProperty("series", out var series))
                continue;
            foreach (var one in series.EnumerateArray())
            {
                var key = new StringBuilder(measurement);
                foreach (var tag in one.GetProperty("tags").EnumerateObject().OrderBy(t => t.Name, StringComparer.Ordinal))
                    key.Append(',').Append(tag.Name).Append('=').Append(Escape(tag.Value.GetString()!));
                var columns = one.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
                foreach (var row in one.GetProperty("values").EnumerateArray())
                {
                    var fields = columns.Select((column, i) => (column, value: row[i]))
                        .Where(c => c.column != "time" && types.ContainsKey(c.column) && c.value.ValueKind != JsonValueKind.Null)
                        .Select(c => $"{c.column}={Field(types[c.column], c.value)}");
                    lines.Add($"{key} {string.Join(',', fields)} {row[0].GetInt64()}");
                }
            }
        }
        return lines;
    }

    private static string Escape(string tag) => tag.Replace(",", "\\,").Replace(" ", "\\ ").Replace("=", "\\=");

    private static string Field(string type, JsonElement value) => type switch
    {
        "string" => "\"" + value.GetString()!.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        "integer" => value.GetRawText() + "i",
        _ => value.GetRawText(),
    };
}
