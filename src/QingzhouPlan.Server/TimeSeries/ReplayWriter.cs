using System.Text;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// What a rebuild writes through. It starts from an emptied database, so every point a delete could remove
/// was written earlier in the same replay: the writes of the measurements that deletes target are held back,
/// keyed by series and time, and a delete only drops them from the holding. They are sent when the replay
/// ends. InfluxDB then gets no DELETE at all — each costs it tens of milliseconds — and one final write per
/// point instead of every intermediate one. Other measurements go through as they come.
/// </summary>
public sealed class ReplayWriter(ITimeSeriesWriter inner) : ITimeSeriesWriter
{
    public const int FlushBatch = 5_000;

    private static readonly HashSet<string> HeldMeasurements = [IndicatorPoints.Actual];

    private readonly Dictionary<string, SeriesChange.Write> _held = new(StringComparer.Ordinal);

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
                    _held[Key(write.Measurement, write.Tags, write.Time)] = write;
                    break;
                case SeriesChange.Delete delete when HeldMeasurements.Contains(delete.Measurement):
                    foreach (var key in _held.Where(h => h.Value.RemovedBy(delete)).Select(h => h.Key).ToList())
                        _held.Remove(key);
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
        foreach (var batch in _held.Values.Chunk(FlushBatch).ToList())
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
            foreach (var write in batch)
                _held.Remove(Key(write.Measurement, write.Tags, write.Time));
        }
    }

    private static string Key(string measurement, IReadOnlyDictionary<string, string> tags, DateTimeOffset time)
    {
        var key = new StringBuilder(measurement);
        foreach (var (name, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            key.Append('\u001f').Append(name).Append('=').Append(value);
        return key.Append('\u001f').Append(time.UtcTicks).ToString();
    }
}
