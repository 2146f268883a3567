using System.Diagnostics.Metrics;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Watches how far the InfluxDB subscription is behind the event store: events behind (highest sequence
/// minus the subscription's position) and seconds behind (the business clock minus the recorded time of
/// the oldest event not yet projected). Published as OpenTelemetry gauges and read by health.
/// </summary>
public sealed class ProjectionMonitor(
    IDocumentStore store,
    [FromKeyedServices(Clocks.Business)] TimeProvider clock,
    IOptions<TimeSeriesOptions> options,
    ILogger<ProjectionMonitor> logger) : BackgroundService
{
    private ProjectionLag _lag = new(0, 0, 0, 0, DateTimeOffset.MinValue);

    public ProjectionLag Lag => _lag;

    public async Task<ProjectionLag> Measure(CancellationToken cancellationToken)
    {
        var highest = await store.Storage.Database.FetchHighestEventSequenceNumber(cancellationToken);
        var shards = await store.Advanced.AllProjectionProgress(token: cancellationToken);
        var position = shards.FirstOrDefault(s => s.ShardName.StartsWith(InfluxProjection.SubscriptionName + ":", StringComparison.Ordinal))?.Sequence ?? 0;
        var behind = Math.Max(0, highest - position);
        var seconds = 0d;
        if (behind > 0)
        {
            await using var session = store.QuerySession();
            var oldest = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > position).OrderBy(e => e.Sequence).Select(e => e.Timestamp)
                .FirstOrDefaultAsync(cancellationToken);
            seconds = Math.Max(0, (clock.GetUtcNow() - oldest).TotalSeconds);
        }
        _lag = new ProjectionLag(highest, position, behind, seconds, clock.GetUtcNow());
        return _lag;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Telemetry.Meter.CreateObservableGauge("qingzhou.influx.lag.events", () => _lag.EventsBehind,
            description: "Events recorded but not yet projected to InfluxDB");
        Telemetry.Meter.CreateObservableGauge("qingzhou.influx.lag.seconds", () => _lag.SecondsBehind, unit: "s",
            description: "Age of the oldest event not yet projected to InfluxDB");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Measure(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Projection lag not measured: {Error}", ex.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(options.Value.LagPollSeconds), stoppingToken).ContinueWith(_ => { });
        }
    }
}

/// <summary>The subscription's distance from the head of the event store at one moment.</summary>
public sealed record ProjectionLag(long HighestSequence, long ProjectedSequence, long EventsBehind, double SecondsBehind, DateTimeOffset MeasuredAt);

/// <summary>Section "TimeSeries".</summary>
public sealed class TimeSeriesOptions
{
    /// <summary>Health turns Degraded when the oldest unprojected event is older than this.</summary>
    public double MaxLagSeconds { get; set; } = 60;

    public double LagPollSeconds { get; set; } = 2;

    // Sequence numbers a rebuild reads per page; tests make it small to cross many page boundaries.
    public int RebuildPageSize { get; set; } = 10_000;
}
