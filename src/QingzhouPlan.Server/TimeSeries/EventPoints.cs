using JasperFx.Events;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>One event and the series changes it causes, kept together so a refused write can name its event.</summary>
public sealed record EventPoints(IEvent Event, IReadOnlyList<SeriesChange> Changes);
