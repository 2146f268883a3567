using InfluxDB.Client;
using InfluxDB.Client.Writes;
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

    public async Task ApplyAsync(IReadOnlyList<SeriesChange> changes, CancellationToken cancellationToken)
    {
        var batch = new List<PointData>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case SeriesChange.Write write:
                    batch.Add(write.Point);
                    break;
                case SeriesChange.Delete delete:
                    await Write(batch, cancellationToken);
                    batch.Clear();
                    var predicate = string.Join(" AND ",
                        new[] { $"_measurement=\"{delete.Measurement}\"" }.Concat(delete.Tags.Select(t => $"{t.Key}=\"{t.Value}\"")));
                    await _client.GetDeleteApi().Delete(delete.Time.UtcDateTime, delete.Time.UtcDateTime, predicate,
                        _options.Bucket, _options.Org, cancellationToken);
                    break;
            }
        }
        await Write(batch, cancellationToken);
    }

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

    private Task Write(List<PointData> points, CancellationToken cancellationToken) =>
        points.Count == 0
            ? Task.CompletedTask
            : _client.GetWriteApiAsync().WritePointsAsync(points.ToList(), _options.Bucket, _options.Org, cancellationToken);
}
