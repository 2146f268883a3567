namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// An event the InfluxDB projection could not turn into points (its mapping failed, or InfluxDB refused
/// its points as malformed). Kept in PostgreSQL, written in the same transaction as the subscription's
/// progress, so the projection moves on without losing sight of it; /health is Unhealthy until an
/// administrator acknowledges it.
/// </summary>
public sealed record DeadLetter(
    long Id,
    string Stream,
    long Version,
    string EventType,
    DateTimeOffset RecordedAt,
    string Error,
    DateTimeOffset FailedAt,
    DateTimeOffset? AcknowledgedAt = null,
    string? AcknowledgedBy = null);
