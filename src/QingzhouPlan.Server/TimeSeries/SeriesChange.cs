namespace QingzhouPlan.Server.TimeSeries;

/// <summary>One change to the time series: a point written (overwriting the same series and time), or a point removed.</summary>
public abstract record SeriesChange
{
    private SeriesChange() { }

    /// <summary>
    /// A point (built by <see cref="PointLine"/>): the measurement, tags and time it was built from, and its series
    /// key and fields in line protocol. Two writes of one series and time are the same point, the later winning.
    /// </summary>
    public sealed record Write(string Measurement, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Time, string Series, string Fields) : SeriesChange
    {
        // Milliseconds: the writers ask for precision=ms.
        public string Line => $"{Series} {Fields} {Time.ToUnixTimeMilliseconds()}";

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
        IReadOnlyList<SeriesChange> changes, Func<List<string>, Task> writeBatch, Func<IReadOnlyList<Delete>, Task> deleteAll)
    {
        var deletes = new List<(int Index, Delete Delete)>();
        for (var i = 0; i < changes.Count; i++)
            if (changes[i] is Delete delete)
                deletes.Add((i, delete));
        // A page holds thousands of writes and a few deletes: only the deletes of a write's own instant can touch it.
        var byInstant = deletes.ToLookup(d => (d.Delete.Measurement, d.Delete.Time));
        var untouched = new List<string>();
        var afterDelete = new List<string>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i] is not Write write)
                continue;
            var removedAt = byInstant[(write.Measurement, write.Time)].Where(d => write.RemovedBy(d.Delete)).Select(d => d.Index).DefaultIfEmpty(-1).Max();
            if (removedAt < 0)
                untouched.Add(write.Line);
            else if (removedAt < i)
                afterDelete.Add(write.Line);
        }
        if (untouched.Count > 0)
            await writeBatch(untouched);
        if (deletes.Count > 0)
            await deleteAll(deletes.Select(d => d.Delete).ToList());
        if (afterDelete.Count > 0)
            await writeBatch(afterDelete);
    }
}
