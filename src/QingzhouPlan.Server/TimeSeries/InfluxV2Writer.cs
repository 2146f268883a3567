using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>InfluxDB 2.x/3.x through InfluxDB.Client: WriteApiAsync for points, DeleteApi for removals (org, bucket, token).</summary>
public sealed class InfluxV2Writer : ITimeSeriesWriter, IDisposable
{
    private static readonly string[] Measurements = [IndicatorPoints.Actual, IndicatorPoints.TargetMeasurement, IndicatorPoints.Revision];
    private readonly InfluxOptions _options;
    private readonly InfluxDBClient _client;

    public InfluxV2Writer(IOptions<InfluxOptions> options)
    {
        _options = options.Value;
        _client = new InfluxDBClient(_options.Url, _options.Token);
    }

    // Buckets are provisioned with the server (docker-compose sets DOCKER_INFLUXDB_INIT_BUCKET).
    public Task EnsureReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ApplyAsync(IReadOnlyList<SeriesChange> changes, CancellationToken cancellationToken) =>
        SeriesChange.Apply(changes, batch => Write(batch, cancellationToken), async deletes =>
        {
            // The 2.x delete predicate has no OR: one request per removed point.
            foreach (var delete in deletes)
            {
                var predicate = string.Join(" AND ",
                    new[] { $"_measurement=\"{delete.Measurement}\"" }.Concat(delete.Tags.Select(t => $"{t.Key}=\"{t.Value}\"")));
                await _client.GetDeleteApi().Delete(delete.Time.UtcDateTime, delete.Time.UtcDateTime, predicate,
                    _options.Bucket, _options.Org, cancellationToken);
            }
        });

    public async Task DropAllAsync(CancellationToken cancellationToken)
    {
        foreach (var measurement in Measurements)
            await _client.GetDeleteApi().Delete(DateTime.UnixEpoch, new DateTime(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                $"_measurement=\"{measurement}\"", _options.Bucket, _options.Org, cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.PingAsync();
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    private Task Write(List<string> lines, CancellationToken cancellationToken) =>
        _client.GetWriteApiAsync().WriteRecordsAsync(lines, WritePrecision.Ms, _options.Bucket, _options.Org, cancellationToken);
}
