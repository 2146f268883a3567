using InfluxDB.Client.Writes;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>One change to the time series: a point written (overwriting the same series and time), or a point removed.</summary>
public abstract record SeriesChange
{
    private SeriesChange() { }

    public sealed record Write(PointData Point) : SeriesChange;

    /// <summary>Removes the point of one series at one instant (a retracted figure).</summary>
    public sealed record Delete(string Measurement, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Time) : SeriesChange;
}
