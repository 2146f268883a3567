using InfluxDB.Client;
using InfluxDB.Client.Writes;
using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>InfluxDB 2.x/3.x through InfluxDB.Client's WriteApiAsync (org, bucket, token).</summary>
public sealed class InfluxV2Writer : ITimeSeriesWriter, IDisposable
{
    private readonly InfluxOptions _options;
    private readonly InfluxDBClient _client;

    public InfluxV2Writer(IOptions<InfluxOptions> options)
    {
        _options = options.Value;
        _client = new InfluxDBClient(_options.Url, _options.Token);
    }

    // Buckets are provisioned with the server (docker-compose sets DOCKER_INFLUXDB_INIT_BUCKET).
    public Task EnsureReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WriteAsync(IReadOnlyList<PointData> points, CancellationToken cancellationToken) =>
        points.Count == 0
            ? Task.CompletedTask
            : _client.GetWriteApiAsync().WritePointsAsync(points.ToList(), _options.Bucket, _options.Org, cancellationToken);

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
}
