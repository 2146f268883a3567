using System.Collections.Immutable;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>An indicator as its events leave it: definition, target in force, latest figure per period.</summary>
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

    public IndicatorState Apply(object @event) => @event switch
    {
        IndicatorDefined defined => this with { Definition = defined },
        TargetSet set => this with { Target = set.Target },
        ValueReported reported => this with
        {
            Figures = Figures.SetItem(reported.Period, new Figure(reported.Value, reported.ReportId)),
            ReportsById = ReportsById.SetItem(reported.ReportId, reported),
        },
        _ => this,
    };

    public static IndicatorState From(IEnumerable<object> events) =>
        events.Aggregate(Empty, (state, e) => state.Apply(e));
}

/// <summary>The figure currently standing for a period, and the report that set it.</summary>
public sealed record Figure(decimal Value, string ReportId);
