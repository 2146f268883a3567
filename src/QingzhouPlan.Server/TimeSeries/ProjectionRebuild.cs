using JasperFx.Events.Daemon;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Rebuilds InfluxDB from the event store: drops what the projection wrote, then rewinds the subscription
/// to the first event, so the same code that projects live replays the whole history. Progress is the
/// subscription's position against the highest sequence when the rebuild began.
/// </summary>
public sealed class ProjectionRebuild(
    IProjectionCoordinator coordinator, ITimeSeriesWriter writer, ProjectionMonitor monitor,
    ILogger<ProjectionRebuild> logger)
{
    // Rates and times left are in real seconds, whatever the business clock says.
    private static readonly TimeProvider RealClock = TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Run? _run;

    private sealed record Run(DateTimeOffset StartedAt, long Target);

    /// <summary>Starts a rebuild, or returns null when one is already running.</summary>
    public async Task<RebuildStatus?> Start(CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken))
            return null;
        try
        {
            if (_run is not null && (await Status(cancellationToken)).State == "rebuilding")
                return null;
            var lag = await monitor.Measure(cancellationToken);
            _run = new Run(RealClock.GetUtcNow(), lag.HighestSequence);
            logger.LogWarning("Rebuilding InfluxDB from {Events} events", lag.HighestSequence);
            await writer.DropAllAsync(cancellationToken);
            var daemon = coordinator.DaemonForMainDatabase();
            await daemon.RewindSubscriptionAsync(InfluxProjection.SubscriptionName, cancellationToken, sequenceFloor: 0);
            return await Status(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<RebuildStatus> Status(CancellationToken cancellationToken)
    {
        var lag = await monitor.Measure(cancellationToken);
        if (_run is not { } run)
            return new RebuildStatus("idle", lag.ProjectedSequence, lag.HighestSequence, null, null, null, lag);
        var done = Math.Min(lag.ProjectedSequence, run.Target);
        var elapsed = (RealClock.GetUtcNow() - run.StartedAt).TotalSeconds;
        var rate = elapsed > 0 ? done / elapsed : 0;
        var finished = done >= run.Target;
        double? left = finished ? 0 : rate > 0 ? (run.Target - done) / rate : null;
        return new RebuildStatus(finished ? "done" : "rebuilding", done, run.Target, Math.Round(rate, 1),
            left is null ? null : Math.Round(left.Value, 1), run.StartedAt, lag);
    }
}

/// <summary>Where a rebuild stands: events replayed of the total, events per second, seconds left.</summary>
public sealed record RebuildStatus(
    string State, long EventsDone, long EventsTotal, double? EventsPerSecond, double? SecondsLeft, DateTimeOffset? StartedAt, ProjectionLag Lag,
    IReadOnlyList<DeadLetter>? DeadLetters = null);
