using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// Keeps a silo that stalled (a long pause, a frozen VM) from writing as if nothing had happened. While it
/// was stopped the cluster may have declared it dead and activated its items elsewhere; when it wakes, its old
/// activations still hold their states, and requests that waited in its sockets carry on. Expected versions
/// keep such a write from overwriting, but one that happens to fit would still be committed — and the item's
/// new activation would then serve a state without it. So a commit first asks whether this process has been
/// still for longer than a probe, and if it has, reads the membership table before writing: a silo declared
/// dead ends itself there (Orleans' own rule) and commits nothing, one still alive carries on. A single
/// process finds itself alive and carries on.
///
/// Every commit asks it (<see cref="Items.Appender"/> is the one place events are written). What it does not
/// cover: a stall in the instant between the check and the commit's first statement; expected versions still
/// keep such a write from overwriting anything, and only the stale read can remain.
/// </summary>
public sealed class StallFence(
    IServiceProvider services, IOptions<ClusterMembershipOptions> membership, IHostApplicationLifetime lifetime, ILogger<StallFence> logger)
    : BackgroundService
{
    /// <summary>This silo's status in the cluster's membership, read afresh; a test gives one of its own.</summary>
    internal Func<CancellationToken, Task<SiloStatus>>? OwnStatus { get; set; }

    /// <summary>As if this process had just been still for longer than a probe: the next commit asks the membership first.</summary>
    internal void MarkStalled() => _stalled = _started = true;

    private static readonly TimeProvider RealClock = TimeProvider.System;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    // Longer than a probe's timeout without a tick: other silos may have started to count this one as missing.
    private readonly TimeSpan _threshold = membership.Value.ProbeTimeout;
    private long _lastTick = RealClock.GetTimestamp();
    private volatile bool _stalled;

    // Until the process has started (silo joined, HTTP listening) nothing can have been taken over from it: plans
    // loaded and stores migrated at start are written whatever the time they took.
    private volatile bool _started;

    private readonly SemaphoreSlim _confirming = new(1, 1);

    private async Task<SiloStatus> ReadOwnStatus(CancellationToken cancellationToken)
    {
        var cluster = services.GetRequiredService<IClusterMembershipService>();
        await cluster.Refresh(cancellationToken: cancellationToken);
        return cluster.CurrentSnapshot.GetSiloStatus(services.GetRequiredService<ILocalSiloDetails>().SiloAddress);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var started = lifetime.ApplicationStarted.Register(() =>
        {
            Interlocked.Exchange(ref _lastTick, RealClock.GetTimestamp());
            _started = true;
        });
        using var timer = new PeriodicTimer(Tick, RealClock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            Observe();
    }

    private void Observe()
    {
        var now = RealClock.GetTimestamp();
        if (RealClock.GetElapsedTime(Interlocked.Exchange(ref _lastTick, now), now) > _threshold)
            _stalled = true;
    }

    /// <summary>Returns once this silo may write: at once, unless it has stalled since it last confirmed its membership.</summary>
    public async ValueTask EnsureMember(CancellationToken cancellationToken)
    {
        // The commit may run before the ticker after a stall: the gap since the last tick tells it too.
        Observe();
        if (!_started || !_stalled || (OwnStatus is null && services.GetService<IClusterMembershipService>() is null))
            return;
        await _confirming.WaitAsync(cancellationToken);
        try
        {
            if (!_stalled)
                return;
            logger.LogWarning("This process was still for longer than {Threshold}: reading the cluster's membership before the next commit", _threshold);
            var status = await (OwnStatus ?? ReadOwnStatus)(cancellationToken);
            if (status != SiloStatus.Active)
                throw new SiloUnavailableException($"this silo is {status} in the cluster's membership: it commits nothing");
            _stalled = false;
        }
        finally
        {
            _confirming.Release();
        }
    }
}
