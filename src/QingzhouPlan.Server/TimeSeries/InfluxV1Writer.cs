using System.Text;
using InfluxDB.Client.Writes;
using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// InfluxDB 1.x: line protocol (built by InfluxDB.Client's PointData) posted to /write.
/// InfluxDB.Client's own write API speaks only /api/v2/write, which 1.6 does not serve.
/// </summary>
public sealed class InfluxV1Writer(HttpClient http, IOptions<InfluxOptions> options) : ITimeSeriesWriter
{
    private readonly InfluxOptions _options = options.Value;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        // CREATE DATABASE is idempotent in 1.x: an existing database is left as it is.
        var query = $"CREATE DATABASE \"{_options.Database}\"";
        using var response = await http.PostAsync(
            $"{_options.Url}/query?q={Uri.EscapeDataString(query)}", content: null, cancellationToken);
        await ThrowUnlessSuccess(response, cancellationToken);
    }

    public async Task WriteAsync(IReadOnlyList<PointData> points, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
            return;
        var body = string.Join('\n', points.Select(p => p.ToLineProtocol()));
        var url = $"{_options.Url}/write?db={Uri.EscapeDataString(_options.Database)}&precision=ms";
        if (!string.IsNullOrEmpty(_options.RetentionPolicy))
            url += $"&rp={Uri.EscapeDataString(_options.RetentionPolicy)}";
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        using var response = await http.PostAsync(url, content, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The database was dropped under us (a rebuild, an operator): recreate and retry once.
            await EnsureReadyAsync(cancellationToken);
            using var retryContent = new StringContent(body, Encoding.UTF8, "text/plain");
            using var retry = await http.PostAsync(url, retryContent, cancellationToken);
            await ThrowUnlessSuccess(retry, cancellationToken);
            return;
        }
        await ThrowUnlessSuccess(response, cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{_options.Url}/ping", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
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
