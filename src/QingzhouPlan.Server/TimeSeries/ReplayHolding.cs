namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// What a rebuild holds back before writing. The rebuild starts from an emptied database, so every point a
/// delete could remove was made earlier in the same replay: the writes of the measurements deletes target are
/// held, keyed by stream, series and time, and a delete only drops them from the holding. InfluxDB then gets no
/// DELETE at all — each costs it tens of milliseconds — and one write per point instead of every intermediate
/// one. A stream's points change only with its own events, so they are final once its last event within the
/// replay has been seen: they are let go with that event, and go out with its page rather than all at the end.
/// Other measurements pass straight through.
/// </summary>
public sealed class ReplayHolding(IReadOnlyDictionary<string, long> lastVersions)
{
    private static readonly HashSet<string> HeldMeasurements = [IndicatorPoints.Actual];

    // Per stream, by measurement and instant (a delete names one), the points held by series.
    private readonly Dictionary<string, Dictionary<(string Measurement, DateTimeOffset Time), Dictionary<string, SeriesChange.Write>>> _held =
        new(StringComparer.Ordinal);

    /// <summary>The page's points less those held back, with the held points of every stream the page finished.</summary>
    public IReadOnlyList<EventPoints> Pass(IReadOnlyList<EventPoints> page)
    {
        var passing = new List<EventPoints>(page.Count);
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
                going.AddRange(finished.Values.SelectMany(instant => instant.Values));
            passing.Add(new EventPoints(@event, going));
        }
        return passing;
    }

    /// <summary>
    /// Points still held when the replay ends: those of streams whose last event was not replayed (a replay cut
    /// short, or a last event of a type that makes no points). Taken out of the holding as they are returned.
    /// </summary>
    public IReadOnlyList<SeriesChange.Write> TakeRemaining()
    {
        var remaining = _held.Values.SelectMany(stream => stream.Values).SelectMany(instant => instant.Values).ToList();
        _held.Clear();
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
