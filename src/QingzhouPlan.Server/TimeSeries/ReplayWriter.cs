using System.Text;
using System.Collections.Concurrent;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// What a rebuild writes through. It starts from an emptied database, so every point a delete could remove
/// was written earlier in the same replay: the writes of the measurements that deletes target are held back,
/// keyed by series and time, and a delete only drops them from the holding. They are sent when the replay
/// ends. InfluxDB then gets no DELETE at all — each costs it tens of milliseconds — and one final write per
/// point instead of every intermediate one. Other measurements go through as they come. The holding is kept
/// by instant, because a delete names one: it looks at that instant's points only, not at everything held.
/// </summary>
public sealed class ReplayWriter(ITimeSeriesWriter inner) : ITimeSeriesWriter
{
    public const int FlushBatch = 5_000;

    // InfluxDB takes several batches at once faster than one after another (raw line protocol here: about 2.4×
    // with four writers against one).
    private const int FlushWriters = 4;

    private static readonly HashSet<string> HeldMeasurements = [IndicatorPoints.Actual];

    private readonly Dictionary<(string Measurement, DateTimeOffset Time), Dictionary<string, SeriesChange.Write>> _held = [];

    public Task EnsureReadyAsync(CancellationToken cancellationToken) => inner.EnsureReadyAsync(cancellationToken);

    public Task DropAllAsync(CancellationToken cancellationToken) => inner.DropAllAsync(cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public async Task ApplyAsync(IReadOnlyList<SeriesChange> changes, CancellationToken cancellationToken)
    {
        var passing = new List<SeriesChange>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case SeriesChange.Write write when HeldMeasurements.Contains(write.Measurement):
                    if (!_held.TryGetValue((write.Measurement, write.Time), out var atInstant))
                        _held[(write.Measurement, write.Time)] = atInstant = new(StringComparer.Ordinal);
                    atInstant[SeriesKey(write.Tags)] = write;
                    break;
                case SeriesChange.Delete delete when HeldMeasurements.Contains(delete.Measurement):
                    if (_held.TryGetValue((delete.Measurement, delete.Time), out var held))
                        foreach (var key in held.Where(h => h.Value.RemovedBy(delete)).Select(h => h.Key).ToList())
                            held.Remove(key);
                    break;
                default:
                    passing.Add(change);
                    break;
            }
        }
        if (passing.Count > 0)
            await inner.ApplyAsync(passing, cancellationToken);
    }

    /// <summary>
    /// Sends what was held back: the points as they stand at the end of the replay. A batch InfluxDB refuses
    /// (a 4xx that will not pass on retry) is sent point by point, and each point refused is reported rather
    /// than retried for ever.
    /// </summary>
    public async Task Flush(Action<SeriesChange.Write, string> refused, CancellationToken cancellationToken)
    {
        var batches = _held.Values.SelectMany(h => h.Values).Chunk(FlushBatch).ToList();
        var written = new ConcurrentBag<SeriesChange.Write[]>();
        try
        {
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = FlushWriters, CancellationToken = cancellationToken },
                async (batch, ct) =>
                {
                    await WriteOrReport(batch, refused, ct);
                    written.Add(batch);
                });
        }
        finally
        {
            // A retry after a failure sends only what was not written yet.
            foreach (var write in written.SelectMany(b => b))
                if (_held.TryGetValue((write.Measurement, write.Time), out var held))
                    held.Remove(SeriesKey(write.Tags));
        }
    }

    private async Task WriteOrReport(SeriesChange.Write[] batch, Action<SeriesChange.Write, string> refused, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ApplyAsync(batch, cancellationToken);
        }
        catch (HttpRequestException ex) when (InfluxProjection.IsRefusal(ex))
        {
            foreach (var write in batch)
            {
                try
                {
                    await inner.ApplyAsync([write], cancellationToken);
                }
                catch (HttpRequestException one) when (InfluxProjection.IsRefusal(one))
                {
                    refused(write, one.Message);
                }
            }
        }
    }

    private static string SeriesKey(IReadOnlyDictionary<string, string> tags)
    {
        var key = new StringBuilder();
        foreach (var (name, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            key.Append(name).Append('=').Append(value).Append('\u001f');
        return key.ToString();
    }
}
