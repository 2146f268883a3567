using InfluxDB.Client.Writes;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>One change to the time series: a point written (overwriting the same series and time), or a point removed.</summary>
public abstract record SeriesChange
{
    private SeriesChange() { }

    /// <summary>A point, with the measurement, tags and time it was built from (PointData does not give them back).</summary>
    public sealed record Write(string Measurement, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Time, PointData Point) : SeriesChange
    {
        public bool RemovedBy(Delete delete) =>
            delete.Time == Time && delete.Measurement == Measurement
            && delete.Tags.All(tag => Tags.TryGetValue(tag.Key, out var value) && value == tag.Value);
    }

    /// <summary>Removes the points of one instant whose tags include these (a retracted figure).</summary>
    public sealed record Delete(string Measurement, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Time) : SeriesChange;

    /// <summary>
    /// Applies changes with as few requests as their order allows. Order matters only between changes to the
    /// same point, so the writes no delete touches go first in one batch, then every delete (for the writer to
    /// combine), then the writes that follow a delete of their point. A write that a later delete removes is
    /// not sent at all. Each delete costs InfluxDB far more than thousands of written points, so a page with
    /// ten retractions would otherwise pay eleven write requests and ten deletes.
    /// </summary>
    public static async Task Apply(
        IReadOnlyList<SeriesChange> changes, Func<List<PointData>, Task> writeBatch, Func<IReadOnlyList<Delete>, Task> deleteAll)
    {
        var deletes = new List<(int Index, Delete Delete)>();
        for (var i = 0; i < changes.Count; i++)
            if (changes[i] is Delete delete)
                deletes.Add((i, delete));
        // A page holds thousands of writes and a few deletes: only the deletes of a write's own instant can touch it.
        var byInstant = deletes.ToLookup(d => (d.Delete.Measurement, d.Delete.Time));
        var untouched = new List<PointData>();
        var afterDelete = new List<PointData>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i] is not Write write)
                continue;
            var removedAt = byInstant[(write.Measurement, write.Time)].Where(d => write.RemovedBy(d.Delete)).Select(d => d.Index).DefaultIfEmpty(-1).Max();
            if (removedAt < 0)
                untouched.Add(write.Point);
            else if (removedAt < i)
                afterDelete.Add(write.Point);
        }
        if (untouched.Count > 0)
            await writeBatch(untouched);
        if (deletes.Count > 0)
            await deleteAll(deletes.Select(d => d.Delete).ToList());
        if (afterDelete.Count > 0)
            await writeBatch(afterDelete);
    }
}
