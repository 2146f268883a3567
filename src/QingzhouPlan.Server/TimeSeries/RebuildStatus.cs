namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Where a rebuild stands: events replayed of the total, events per second, seconds left; whether this node
/// runs the InfluxDB subscription (in a cluster, one node does); why handing it back has failed so far, if it has.
/// </summary>
public sealed record RebuildStatus(
    string State, long EventsDone, long EventsTotal, double? EventsPerSecond, double? SecondsLeft, DateTimeOffset? StartedAt, ProjectionLag Lag,
    IReadOnlyList<DeadLetter>? DeadLetters = null, bool SubscriptionHere = true, string? HandBackError = null);
