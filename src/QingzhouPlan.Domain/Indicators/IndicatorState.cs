using System.Collections.Immutable;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>An indicator as its events leave it: definition, target in force, the figure standing per period.</summary>
public sealed record IndicatorState(
    IndicatorDefined? Definition,
    Target? Target,
    ImmutableSortedDictionary<Period, Figure> Figures,
    ImmutableDictionary<string, ValueReported> ReportsById)
{
    public static readonly IndicatorState Empty = new(
        null,
        null,
        ImmutableSortedDictionary<Period, Figure>.Empty,
        ImmutableDictionary.Create<string, ValueReported>(StringComparer.Ordinal));

    public bool IsDefined => Definition is not null;

    /// <summary>
    /// Applies one event. <paramref name="recordedAt"/> is the event's own recorded time from the store,
    /// never the clock now, so replaying the stream gives the same state.
    /// </summary>
    public IndicatorState Apply(object @event, DateTimeOffset recordedAt) => @event switch
    {
        IndicatorDefined defined => this with { Definition = defined },
        TargetSet set => this with { Target = set.Target },
        TargetAdjusted adjusted => this with { Target = adjusted.Target },
        ValueReported reported => this with
        {
            Figures = Figures.SetItem(reported.Period, new Figure(reported.Value, reported.ReportId, FirstReported(reported.Period, recordedAt), recordedAt, false)),
            ReportsById = ReportsById.SetItem(reported.ReportId, reported),
        },
        ValueCorrected corrected when Figures.TryGetValue(corrected.Period, out var figure) => this with
        {
            Figures = Figures.SetItem(corrected.Period, figure with { Value = corrected.Value, ChangedAt = recordedAt, Verified = false }),
        },
        ValueRetracted retracted => this with { Figures = Figures.Remove(retracted.Period) },
        ValueVerified verified when Figures.TryGetValue(verified.Period, out var figure) => this with
        {
            Figures = Figures.SetItem(verified.Period, figure with { Verified = true }),
        },
        _ => this,
    };

    public static IndicatorState From(IEnumerable<(object Data, DateTimeOffset RecordedAt)> events) =>
        events.Aggregate(Empty, (state, e) => state.Apply(e.Data, e.RecordedAt));

    // A period retracted and reported again keeps no memory of the first arrival: the calendar judges the figure that stands.
    private DateTimeOffset FirstReported(Period period, DateTimeOffset recordedAt) =>
        Figures.TryGetValue(period, out var existing) ? existing.FirstReportedAt : recordedAt;
}

/// <summary>The figure standing for a period: value, the report that set it, when it arrived and last changed.</summary>
public sealed record Figure(decimal Value, string ReportId, DateTimeOffset FirstReportedAt, DateTimeOffset ChangedAt, bool Verified);
