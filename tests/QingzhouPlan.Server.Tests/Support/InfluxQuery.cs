using System.Net.Http.Json;
using System.Text.Json;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>InfluxQL over HTTP /query, as Grafana or the influx CLI would read the projection.</summary>
public sealed record InfluxQuery(string Url, string Database)
{
    private static readonly HttpClient Http = new();

    /// <summary>Rows of the first series, each as column → value.</summary>
    public async Task<IReadOnlyList<Dictionary<string, JsonElement>>> Rows(string influxQl)
    {
        var uri = $"{Url}/query?db={Uri.EscapeDataString(Database)}&epoch=ms&q={Uri.EscapeDataString(influxQl)}";
        var json = await Http.GetFromJsonAsync<JsonElement>(uri);
        var result = json.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"InfluxQL error: {error}");
        if (!result.TryGetProperty("series", out var series))
            return [];
        var rows = new List<Dictionary<string, JsonElement>>();
        foreach (var s in series.EnumerateArray())
        {
            var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
            var tags = s.TryGetProperty("tags", out var t) ? t.EnumerateObject().ToList() : [];
            foreach (var values in s.GetProperty("values").EnumerateArray())
            {
                var row = columns.Zip(values.EnumerateArray()).ToDictionary(p => p.First, p => p.Second.Clone());
                foreach (var tag in tags)
                    row[tag.Name] = tag.Value.Clone();
                rows.Add(row);
            }
        }
        return rows;
    }

    /// <summary>Every point of the three measurements, every field and tag, one sorted line each: for comparing whole states.</summary>
    public async Task<List<string>> Everything()
    {
        var lines = new List<string>();
        foreach (var measurement in new[] { "indicator_actual", "indicator_target", "indicator_revision" })
            foreach (var row in await Rows($"SELECT * FROM {measurement} GROUP BY *"))
                lines.Add(measurement + " " + string.Join(",", row.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}")));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public async Task DropDatabase()
    {
        try
        {
            using var response = await Http.PostAsync(
                $"{Url}/query?q={Uri.EscapeDataString($"DROP DATABASE \"{Database}\"")}", null);
        }
        catch (HttpRequestException)
        {
            // InfluxDB already stopped: nothing left to clean.
        }
    }
}
