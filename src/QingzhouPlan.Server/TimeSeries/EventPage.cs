using JasperFx.Events;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>One page of the store's events in sequence order, and the last sequence number it covers.</summary>
public sealed record EventPage(IReadOnlyList<IEvent> Events, long Through);
