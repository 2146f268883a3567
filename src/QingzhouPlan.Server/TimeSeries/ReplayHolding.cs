namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// What a rebuild holds back before writing. The rebuild starts from an emptied database, so every point a
/// delete could remove was made earlier in the same replay: the writes of the measurements deletes target are
/// held, keyed by stream, series and time, and a delete only drops them from the holding. InfluxDB then gets no
/// DELETE at all — each costs it tens of milliseconds — and one write per point instead of every intermediate
/// one. A stream's points change only with its own events, so they are final once its last event within the
/// replay has been seen: they are let go with that event's page rather than all at the end. Until that page is
/// known to be written they stay on record here, so a replay cut short still writes them in its final flush.
/// </summary>
public sealed class ReplayHolding(IReadOnlyDictionary<string, long> lastVersions)
{
    private static readonly HashSet<string> HeldMeasurements = [IndicatorPoints.Actual];

    private readonly Dictionary<string, StreamPoints> _held = new(StringComparer.Ordinal);

    // Let go with the page that ends at this sequence number, and not yet known to be written.
    private readonly SortedDictionary<long, List<SeriesChange.Write>> _released = [];

    // One stream's held points, by measurement and instant (a delete names one), then by series.
    private sealed class StreamPoints : Dictionary<(string Measurement, DateTimeOffset Time), Dictionary<string, SeriesChange.Write>>;

    // The page's changes less those held back, and the held points of every stream whose last event it holds.
    public (IReadOnlyList<EventPoints> Passing, IReadOnlyList<SeriesChange.Write> Released) Pass(IReadOnlyList<EventPoints> page, long through)
    {
        var passing = new List<EventPoints>(page.Count);
        var released = new List<SeriesChange.Write>();
        foreach (var (@event, changes) in page)
        {
            var stream = @event.StreamKey!;
            var going = new List<SeriesChange>(changes.Count);
            foreach (var change in changes)
            {
                switch (change)
                {
                    case SeriesChange.Write write when HeldMeasurements.Contains(write.Measurement):
                        Instant(stream, write.Measurement, write.Time)[write.Series] = write;
                        break;
                    case SeriesChange.Delete delete when HeldMeasurements.Contains(delete.Measurement):
                        var held = Instant(stream, delete.Measurement, delete.Time);
                        foreach (var series in held.Where(h => h.Value.RemovedBy(delete)).Select(h => h.Key).ToList())
                            held.Remove(series);
                        break;
                    default:
                        going.Add(change);
                        break;
                }
            }
            if (lastVersions.TryGetValue(stream, out var last) && @event.Version >= last && _held.Remove(stream, out var finished))
                released.AddRange(finished.Values.SelectMany(instant => instant.Values));
            passing.Add(new EventPoints(@event, going));
        }
        _released[through] = released;
        return (passing, released);
    }

    // The pages up to this sequence number are written: what they let go need not be kept for the final flush.
    public void Written(long through)
    {
        foreach (var page in _released.Keys.TakeWhile(end => end <= through).ToList())
            _released.Remove(page);
    }

    // Everything not yet written when the replay ends: the points of streams whose last event was not replayed
    // (a replay cut short, a last event of a type that makes no points), and those let go with pages whose
    // write did not complete. Taken out as they are returned.
    public IReadOnlyList<SeriesChange.Write> TakeRemaining()
    {
        var remaining = _held.Values.SelectMany(stream => stream.Values).SelectMany(instant => instant.Values)
            .Concat(_released.Values.SelectMany(page => page))
            .ToList();
        _held.Clear();
        _released.Clear();
        return remaining;
    }

    private Dictionary<string, SeriesChange.Write> Instant(string stream, string measurement, DateTimeOffset time)
    {
        if (!_held.TryGetValue(stream, out var byInstant))
            _held[stream] = byInstant = [];
        if (!byInstant.TryGetValue((measurement, time), out var held))
            byInstant[(measurement, time)] = held = new(StringComparer.Ordinal);
        return held;
    }
}
