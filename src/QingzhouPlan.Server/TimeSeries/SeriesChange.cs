using InfluxDB.Client.Writes;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>One change to the time series: a point written (overwriting the same series and time), or a point removed.</summary>
public abstract record SeriesChange
{
    private SeriesChange() { }

    public sealed record Write(PointData Point) : SeriesChange;

    /// <summary>Removes the point of one series at one instant (a retracted figure).</summary>
    public sealed record Delete(string Measurement, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Time) : SeriesChange;

    /// <summary>Applies changes in order, sending each run of consecutive writes as one batch.</summary>
    public static async Task ApplyInOrder(
        IReadOnlyList<SeriesChange> changes, Func<List<PointData>, Task> writeBatch, Func<Delete, Task> delete)
    {
        var batch = new List<PointData>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case Write write:
                    batch.Add(write.Point);
                    break;
                case Delete removal:
                    if (batch.Count > 0)
                        await writeBatch(batch);
                    batch = [];
                    await delete(removal);
                    break;
            }
        }
        if (batch.Count > 0)
            await writeBatch(batch);
    }
}
