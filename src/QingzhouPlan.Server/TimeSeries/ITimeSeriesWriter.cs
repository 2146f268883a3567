namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// One InfluxDB transport. Applying the same changes twice leaves the same points: a write overwrites
/// its series at its time, a delete of an absent point does nothing.
/// </summary>
public interface ITimeSeriesWriter
{
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>Applies the changes in order: consecutive writes are sent as one batch.</summary>
    Task ApplyAsync(IReadOnlyList<SeriesChange> changes, CancellationToken cancellationToken);

    /// <summary>Removes every point the projection wrote, before a rebuild.</summary>
    Task DropAllAsync(CancellationToken cancellationToken);

    /// <summary>Whether the server answers, for health.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
