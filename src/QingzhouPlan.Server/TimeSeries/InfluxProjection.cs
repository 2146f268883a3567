using System.Diagnostics.Metrics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// The async-daemon subscription that feeds InfluxDB. It is the only writer of time series; request
/// handlers never write there, so InfluxDB can be dropped and rebuilt from the events at any time.
/// </summary>
public sealed class InfluxProjection(ITimeSeriesWriter writer, ILogger<InfluxProjection> logger, ProjectionGate gate) : SubscriptionBase
{
    public const string SubscriptionName = "influx";

    private static readonly Counter<long> DeadLetters =
        Telemetry.Meter.CreateCounter<long>("qingzhou.influx.dead_letters", description: "Events the InfluxDB projection set aside as unprojectable");

    private static readonly Counter<long> PointsWritten =
        Telemetry.Meter.CreateCounter<long>("qingzhou.influx.changes_applied", description: "Series changes (points written or removed) applied to InfluxDB");

    // Indicator state per stream as of the last event projected, so tags and derived fields need no query.
    private readonly Dictionary<string, (long Version, IndicatorState State)> _streams = new(StringComparer.Ordinal);
    private bool _ready;

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        await gate.WaitOpen(cancellationToken);
        await Project(page.Events, operations, cancellationToken);
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// Writes the events' points, in order, until InfluxDB accepts them; events that cannot be projected are
    /// set aside in <paramref name="operations"/>. A rebuild calls <see cref="Map"/> and <see cref="Write"/>
    /// itself, to hold some points back in between.
    /// </summary>
    public async Task Project(IReadOnlyList<IEvent> events, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity("influx.project");
        activity?.SetTag("events", events.Count);
        await Write(await Map(events, operations, cancellationToken), operations, cancellationToken);
    }

    /// <summary>
    /// The events' points, in order, with each event's state carried forward; events whose points cannot be made
    /// are set aside in <paramref name="operations"/>. A rebuild maps one page while the last is being written.
    /// </summary>
    public async Task<IReadOnlyList<EventPoints>> Map(IReadOnlyList<IEvent> events, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var mapped = new List<EventPoints>(events.Count);
        foreach (var @event in events)
        {
            if (@event.StreamKey is not { } key)
                continue;
            var before = await StateBefore(key, @event.Version, operations, cancellationToken);
            var after = before.Apply(@event.Data, @event.Timestamp);
            _streams[key] = (@event.Version, after);
            try
            {
                mapped.Add(new EventPoints(@event, IndicatorPoints.For(before, after, @event)));
            }
            catch (Exception ex)
            {
                // The same event fails the same way on every replay: set it aside rather than stop the projection.
                await DeadLetterOf(@event, ex.Message, operations, cancellationToken);
            }
        }
        return mapped;
    }

    private async Task<IndicatorState> StateBefore(
        string key, long version, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        if (_streams.TryGetValue(key, out var cached) && cached.Version == version - 1)
            return cached.State;
        if (version <= 1)
            return IndicatorState.Empty;
        // First sight of this stream (a restart, a rebuild): fold its history up to the event.
        var history = await operations.Events.FetchStreamAsync(key, version - 1, token: cancellationToken);
        return IndicatorState.From(history.Select(e => (e.Data, e.Timestamp)));
    }

    // InfluxDB being down must not lose points: hold this page, retrying with back-off, until it is
    // written. The daemon does not advance the subscription's position until this method returns. A
    // refusal of the points themselves (a 4xx other than a missing database) will not pass on retry: the
    // page is then written event by event and the events whose points are refused are set aside.
    public async Task Write(IReadOnlyList<EventPoints> groups, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var changes = groups.SelectMany(g => g.Changes).ToList();
        while (true)
        {
            try
            {
                if (!_ready)
                {
                    await writer.EnsureReadyAsync(cancellationToken);
                    _ready = true;
                }
                try
                {
                    await writer.ApplyAsync(changes, cancellationToken);
                }
                catch (HttpRequestException ex) when (IsRefusal(ex))
                {
                    await WriteOneByOne(groups, operations, cancellationToken);
                }
                PointsWritten.Add(changes.Count);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("InfluxDB write of {Count} changes failed ({Error}); retrying in {Delay}", changes.Count, ex.Message, delay);
                _ready = false;
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task WriteOneByOne(
        IReadOnlyList<EventPoints> groups, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var (@event, changes) in groups)
        {
            try
            {
                await writer.ApplyAsync(changes, cancellationToken);
            }
            catch (HttpRequestException ex) when (IsRefusal(ex))
            {
                await DeadLetterOf(@event, ex.Message, operations, cancellationToken);
            }
        }
    }

    internal static bool IsRefusal(HttpRequestException ex) =>
        ex.StatusCode is { } status && (int)status is >= 400 and < 500
        && status is not (System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests
            or System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden);

    private async Task DeadLetterOf(IEvent @event, string error, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // A replay (a rebuild, a rewind) meets the same event again: what an administrator acknowledged stays acknowledged.
        if (await operations.LoadAsync<DeadLetter>(@event.Sequence, cancellationToken) is not null)
            return;
        logger.LogError("Event {Sequence} ({Type} of {Stream} v{Version}) set aside by the InfluxDB projection: {Error}",
            @event.Sequence, @event.EventTypeName, @event.StreamKey, @event.Version, error);
        operations.Store(new DeadLetter(@event.Sequence, @event.StreamKey ?? "", @event.Version, @event.EventTypeName, @event.Timestamp,
            error, TimeProvider.System.GetUtcNow()));
        DeadLetters.Add(1);
    }
}
