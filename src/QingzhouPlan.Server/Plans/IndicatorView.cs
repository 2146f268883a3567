using JasperFx.Events;
using Marten.Events.Aggregation;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// The read model of one indicator, kept inline (in the same transaction as its events), so a read
/// after an acknowledged write always sees it.
/// </summary>
public sealed record IndicatorView(
    string Id,
    string PlanId,
    int PlanYear,
    string Code,
    string Name,
    string Chapter,
    MeasureKind Measure,
    ValueKind ValueKind,
    Frequency Frequency,
    string Unit,
    string OwnerDepartment,
    bool OwnerAssignedBySystem,
    string Source,
    Baseline? Baseline,
    Target? AdoptedTarget,
    Target? Target,
    string? TargetText,
    IReadOnlyList<FigureView> Figures);

public sealed record FigureView(string Period, decimal Value, string ReportId, DateTimeOffset RecordedAt);

public sealed class IndicatorViewProjection : SingleStreamProjection<IndicatorView, string>
{
    public IndicatorView Create(IEvent<IndicatorDefined> e)
    {
        var d = e.Data;
        return new IndicatorView(e.StreamKey!, d.PlanId, d.PlanYear, d.Code, d.Name, d.Chapter, d.Measure, d.ValueKind,
            d.Frequency, d.Unit, d.OwnerDepartment, d.OwnerAssignedBySystem, d.Source, d.Baseline, null, null, null, []);
    }

    public IndicatorView Apply(TargetSet e, IndicatorView view) => view with
    {
        AdoptedTarget = e.Target,
        Target = e.Target,
        TargetText = e.Target.Describe(view.Unit),
    };

    public IndicatorView Apply(IEvent<ValueReported> e, IndicatorView view) => view with
    {
        Figures = view.Figures
            .Where(f => f.Period != e.Data.Period.ToString())
            .Append(new FigureView(e.Data.Period.ToString(), e.Data.Value, e.Data.ReportId, e.Timestamp))
            .OrderBy(f => f.Period, StringComparer.Ordinal)
            .ToList(),
    };
}
