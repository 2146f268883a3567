using InfluxDB.Client.Writes;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>One InfluxDB transport. Writes must be idempotent: the same point twice is one point.</summary>
public interface ITimeSeriesWriter
{
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    Task WriteAsync(IReadOnlyList<PointData> points, CancellationToken cancellationToken);

    /// <summary>Whether the server answers, for health.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
