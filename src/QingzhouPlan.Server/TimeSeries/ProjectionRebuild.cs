using System.Diagnostics;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Rebuilds InfluxDB from the event store. The subscription is stopped and the time series dropped; the
/// events up to the daemon's high-water mark (a position with no transaction still open below it) are then
/// replayed straight from the store (<see cref="EventReplay"/>); finally the subscription is set to where the
/// replay got to and started, so it goes on from exactly there. Replaying through the daemon instead costs a
/// round of its bookkeeping per small page. Progress is shared so any node of a cluster can report it.
/// </summary>
public sealed class ProjectionRebuild(
    IDocumentStore store, EventPages pages, IProjectionCoordinator coordinator, ITimeSeriesWriter writer, ProjectionMonitor monitor, ProjectionGate gate,
    IHostApplicationLifetime lifetime, IOptions<TimeSeriesOptions> options, ILogger<InfluxProjection> projectionLogger, ILogger<ProjectionRebuild> logger)
{
    private readonly int _pageSize = options.Value.RebuildPageSize;

    // Other nodes see the progress at most this late; sharing after every page cost a commit per page.
    private static readonly TimeSpan ShareEvery = TimeSpan.FromMilliseconds(500);

    // Rates and times left are in real seconds, whatever the business clock says.
    private static readonly TimeProvider RealClock = TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _sharing = new(1, 1);
    private long _sharedAt;
    private Run? _run;

    private sealed class Run(DateTimeOffset startedAt, long target)
    {
        public DateTimeOffset StartedAt => startedAt;
        public long Target => target;
        public long Replayed;
        public Task Replay = Task.CompletedTask;
        public volatile string? HandBackError;
    }

    /// <summary>
    /// Starts a rebuild, or says why not: one is already running, or — in a cluster — another node holds the
    /// subscription. Only the node whose daemon runs the subscription may stop and rewind it; anywhere else a
    /// rebuild would make a second writer.
    /// </summary>
    public async Task<(RebuildStatus? Started, string? Refused)> Start(CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken))
            return (null, "a rebuild is already running");
        try
        {
            if (_run is { Replay.IsCompleted: false })
                return (null, "a rebuild is already running");
            var daemon = coordinator.DaemonForMainDatabase();
            if (!daemon.CurrentAgents().Any(a => a.Name.Identity == Shard))
                return (null, "the InfluxDB subscription runs on another node of the cluster: send the rebuild there (its /api/admin/projections/influx says subscriptionHere: true)");
            gate.Shut();
            try
            {
                using var stage = EventReplay.StartStage("rebuild.stop and drop", 0);
                await daemon.StopAgentAsync(Shard);
                await writer.DropAllAsync(cancellationToken);
            }
            catch
            {
                // Nothing was replaced: the subscription (restarted by the coordinator) goes on as it was.
                gate.Open();
                throw;
            }
            var run = new Run(RealClock.GetUtcNow(), daemon.Tracker.HighWaterMark);
            logger.LogWarning("Rebuilding InfluxDB from {Events} events", run.Target);
            run.Replay = Task.Run(() => Replay(daemon, run));
            _run = run;
            await Share();
            return (await Status(cancellationToken), null);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static readonly string Shard = $"{InfluxProjection.SubscriptionName}:All";

    private async Task Replay(IProjectionDaemon daemon, Run run)
    {
        var stopping = lifetime.ApplicationStopping;
        var replay = new EventReplay(store, pages, writer, gate, _pageSize, projectionLogger, logger);
        try
        {
            await replay.Run(run.Target,
                async through =>
                {
                    Volatile.Write(ref run.Replayed, through);
                    await Share(throttled: true);
                },
                async failure =>
                {
                    run.HandBackError = failure.Message;
                    await Share();
                },
                stopping);
        }
        finally
        {
            // However the replay ended, the subscription carries on from where it got to.
            await HandBack(daemon, run, stopping);
            await Share(replayEnded: true);
        }
    }

    // The rebuild's progress as the other nodes of a cluster see it: only the node holding the subscription runs
    // one, but a client may ask any node. One share at a time, each measuring when it writes, so the last one
    // stored is the latest; a failure to share only leaves the other nodes' view behind. Page by page, the
    // replay shares at most every half second.
    private async Task Share(bool? replayEnded = null, bool throttled = false)
    {
        if (throttled && Stopwatch.GetElapsedTime(Interlocked.Read(ref _sharedAt)) < ShareEvery)
            return;
        await _sharing.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _sharedAt, Stopwatch.GetTimestamp());
            var status = await Status(replayEnded, CancellationToken.None);
            await using var session = store.LightweightSession();
            session.Store(new SharedRebuild(SharedRebuild.Key, status with { DeadLetters = null }, RealClock.GetUtcNow()));
            await session.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning("Rebuild progress not shared: {Error}", ex.Message);
        }
        finally
        {
            _sharing.Release();
        }
    }

    // From where the replay got to, the subscription carries on: nothing skipped, nothing written twice. The
    // hand-back is retried until it holds: giving up would leave the subscription at its old position, and
    // the events after the replay's would never reach InfluxDB.
    private async Task HandBack(IProjectionDaemon daemon, Run run, CancellationToken stopping)
    {
        for (var delay = TimeSpan.FromMilliseconds(250); !stopping.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                using var stage = EventReplay.StartStage("rebuild.hand back", 0);
                await daemon.RewindSubscriptionAsync(InfluxProjection.SubscriptionName, stopping, sequenceFloor: run.Replayed);
                // Stopping the only async agent also stopped the daemon's high-water detection, and a rewind does
                // not start it again: without this the subscription would wait for a mark that never moves.
                await daemon.RestartHighWaterAgentAsync(stopping);
                run.HandBackError = null;
                gate.Open();
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                run.HandBackError = ex.Message;
                await Share();
                logger.LogError(ex, "Handing the InfluxDB subscription back at event {Sequence} failed; retrying in {Delay}", run.Replayed, delay);
                await Task.Delay(delay, stopping);
            }
        }
    }

    // A rebuild another node runs (or ran) — shown here with this node's own view of the lag. One whose node
    // stopped sharing while it ran is said to be interrupted: the subscription, wherever it now runs, goes on
    // from the last position it stored.
    private async Task<RebuildStatus?> Elsewhere(bool here, ProjectionLag lag, CancellationToken cancellationToken)
    {
        if (here)
            return null;
        await using var session = store.QuerySession();
        if (await session.LoadAsync<SharedRebuild>(SharedRebuild.Key, cancellationToken) is not { } shared)
            return null;
        var state = shared.Status.State == "rebuilding" && RealClock.GetUtcNow() - shared.SharedAt > SharedRebuild.Abandoned ? "interrupted" : shared.Status.State;
        return shared.Status with { State = state, Lag = lag, SubscriptionHere = false };
    }

    public Task<RebuildStatus> Status(CancellationToken cancellationToken) => Status(null, cancellationToken);

    // The replay itself says when it has ended: its task completes only after it returns.
    private async Task<RebuildStatus> Status(bool? replayEnded, CancellationToken cancellationToken)
    {
        var lag = await monitor.Measure(cancellationToken);
        var here = coordinator.DaemonForMainDatabase().CurrentAgents().Any(a => a.Name.Identity == Shard);
        var elsewhere = await Elsewhere(here, lag, cancellationToken);
        if (_run is not { } run || elsewhere?.StartedAt > run.StartedAt)
            return elsewhere ?? new RebuildStatus("idle", lag.ProjectedSequence, lag.HighestSequence, null, null, null, lag, SubscriptionHere: here);
        var ended = replayEnded ?? run.Replay.IsCompleted;
        // After the replay the subscription carries on from where it got to (the mark, unless it stopped short).
        var done = ended
            ? Math.Min(Math.Max(Volatile.Read(ref run.Replayed), lag.ProjectedSequence), run.Target)
            : Volatile.Read(ref run.Replayed);
        var finished = done >= run.Target && ended;
        var elapsed = (RealClock.GetUtcNow() - run.StartedAt).TotalSeconds;
        var rate = elapsed > 0 ? done / elapsed : 0;
        double? left = finished ? 0 : rate > 0 ? (run.Target - done) / rate : null;
        return new RebuildStatus(finished ? "done" : "rebuilding", done, run.Target, Math.Round(rate, 1),
            left is null ? null : Math.Round(left.Value, 1), run.StartedAt, lag, SubscriptionHere: here, HandBackError: run.HandBackError);
    }
}
