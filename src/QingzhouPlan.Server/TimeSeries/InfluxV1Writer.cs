using System.Text;
using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// InfluxDB 1.x: line protocol posted to /write, deletes and database management through InfluxQL on
/// /query. InfluxDB.Client's own write API speaks only /api/v2/write, which 1.x does not serve.
/// </summary>
public sealed class InfluxV1Writer(HttpClient http, IOptions<InfluxOptions> options) : ITimeSeriesWriter
{
    private readonly InfluxOptions _options = options.Value;

    // CREATE DATABASE is idempotent in 1.x: an existing database is left as it is.
    public Task EnsureReadyAsync(CancellationToken cancellationToken) =>
        Query($"CREATE DATABASE \"{_options.Database}\"", cancellationToken);

    public Task ApplyAsync(IReadOnlyList<SeriesChange> changes, CancellationToken cancellationToken) =>
        SeriesChange.Apply(changes, batch => Write(batch, cancellationToken), deletes => DeleteAll(deletes, cancellationToken));

    public Task DropAllAsync(CancellationToken cancellationToken) =>
        Query($"DROP DATABASE \"{_options.Database}\"", cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{_options.Url}/ping", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task Write(List<string> lines, CancellationToken cancellationToken)
    {
        var body = string.Join('\n', lines);
        var url = $"{_options.Url}/write?db={Uri.EscapeDataString(_options.Database)}&precision=ms";
        if (!string.IsNullOrEmpty(_options.RetentionPolicy))
            url += $"&rp={Uri.EscapeDataString(_options.RetentionPolicy)}";
        using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/plain"), cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The database was dropped under us (a rebuild, an operator): recreate it and send again.
            await EnsureReadyAsync(cancellationToken);
            using var retry = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/plain"), cancellationToken);
            await ThrowUnlessSuccess(retry, cancellationToken);
            return;
        }
        await ThrowUnlessSuccess(response, cancellationToken);
    }

    // Each DELETE costs InfluxDB tens of milliseconds however little it removes, so the deletes of one
    // instant go as one statement with their tag sets joined by OR. Instants cannot be joined the same way:
    // 1.x silently deletes nothing when time conditions sit under an OR.
    private async Task DeleteAll(IReadOnlyList<SeriesChange.Delete> deletes, CancellationToken cancellationToken)
    {
        foreach (var instant in deletes.GroupBy(d => (d.Measurement, d.Time)))
            await Query(DeleteStatement(instant.Key.Measurement, instant.Key.Time, instant.Select(d => d.Tags)), cancellationToken);
    }

    public static string DeleteStatement(string measurement, DateTimeOffset at, IEnumerable<IReadOnlyDictionary<string, string>> tagSets)
    {
        var time = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        var series = tagSets.Select(tags => "(" + string.Join(" AND ", tags.Select(t => $"\"{t.Key}\" = '{t.Value.Replace("'", "\\'")}'")) + ")")
            .Distinct(StringComparer.Ordinal);
        return $"DELETE FROM \"{measurement}\" WHERE time >= '{time}' AND time <= '{time}' AND ({string.Join(" OR ", series)})";
    }

    private async Task Query(string influxQl, CancellationToken cancellationToken)
    {
        var url = $"{_options.Url}/query?db={Uri.EscapeDataString(_options.Database)}&q={Uri.EscapeDataString(influxQl)}";
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsync(url, content: null, cancellationToken);
            await ThrowUnlessSuccess(response, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            // InfluxQL reports statement errors inside a 200 answer; a missing database is not one for a delete.
            if (!text.Contains("\"error\"", StringComparison.Ordinal) || text.Contains("database not found", StringComparison.Ordinal))
                return;
            // 1.x answers "engine is closed" while a shard is opening or closing (another database dropped, a restart):
            // the statement is fine and goes through a moment later.
            if (!text.Contains("engine is closed", StringComparison.Ordinal) || attempt == 5)
                throw new HttpRequestException($"InfluxDB refused '{influxQl}': {text}");
            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
        }
    }

    private static async Task ThrowUnlessSuccess(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException($"InfluxDB answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
    }
}
