namespace QingzhouPlan.Domain.Audit;

/// <summary>An event as the store recorded it: stream, version, global sequence and recorded time.</summary>
public sealed record RecordedEvent(string Stream, long Version, long Sequence, DateTimeOffset RecordedAt, object Data);
