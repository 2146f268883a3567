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

public sealed record FigureView(string Period, decimal Value, string ReportId, DateTimeOffset RecordedAt, bool Verified = false);

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

    public IndicatorView Apply(TargetAdjusted e, IndicatorView view) => view with
    {
        Target = e.Target,
        TargetText = e.Target.Describe(view.Unit),
    };

    public IndicatorView Apply(IEvent<ValueReported> e, IndicatorView view) =>
        WithFigure(view, e.Data.Period.ToString(), new FigureView(e.Data.Period.ToString(), e.Data.Value, e.Data.ReportId, e.Timestamp));

    public IndicatorView Apply(IEvent<ValueCorrected> e, IndicatorView view) =>
        view.Figures.FirstOrDefault(f => f.Period == e.Data.Period.ToString()) is { } figure
            ? WithFigure(view, figure.Period, figure with { Value = e.Data.Value, RecordedAt = e.Timestamp, Verified = false })
            : view;

    public IndicatorView Apply(ValueRetracted e, IndicatorView view) => WithFigure(view, e.Period.ToString(), null);

    public IndicatorView Apply(ValueVerified e, IndicatorView view) =>
        view.Figures.FirstOrDefault(f => f.Period == e.Period.ToString()) is { } figure
            ? WithFigure(view, figure.Period, figure with { Verified = true })
            : view;

    private static IndicatorView WithFigure(IndicatorView view, string period, FigureView? figure) => view with
    {
        Figures = view.Figures
            .Where(f => f.Period != period)
            .Concat(figure is null ? [] : [figure])
            .OrderBy(f => Domain.Periods.Period.Parse(f.Period))
            .ToList(),
    };
}
