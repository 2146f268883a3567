using QingzhouPlan.Server.Items;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// One indicator as the read API shows it, computed from its state: the definition, the owner and target
/// in force on a day (with their dated histories), and the figure standing for each period.
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
    IReadOnlyList<TargetEntry> Targets,
    IReadOnlyList<OwnerEntry> Owners,
    IReadOnlyList<FigureView> Figures,
    bool Closed,
    long Version)
{
    /// <summary>The view on a day: the target and owner in force then.</summary>
    public static IndicatorView From(string id, IndicatorState state, DateOnly today)
    {
        var d = state.Definition!;
        var target = state.TargetOn(today)?.Target;
        return new IndicatorView(id, d.PlanId, d.PlanYear, d.Code, d.Name, d.Chapter, d.Measure, d.ValueKind, d.Frequency, d.Unit,
            state.OwnerOn(today) ?? d.OwnerDepartment, d.OwnerAssignedBySystem, d.Source, d.Baseline,
            state.Targets.Entries.FirstOrDefault()?.Target, target, target?.Describe(d.Unit),
            state.Targets.Entries, state.Owners.Entries,
            state.Figures.Select(f => new FigureView(f.Key.ToString(), f.Value.Value, f.Value.ReportId, f.Value.ChangedAt, f.Value.Verified)).ToList(),
            state.Closed, state.Version);
    }

    public static IndicatorView From(IndicatorDocument document, DateTimeOffset now) =>
        From(document.Id, document.State, PlanClock.Today(now));
}

public sealed record FigureView(string Period, decimal Value, string ReportId, DateTimeOffset RecordedAt, bool Verified = false);
