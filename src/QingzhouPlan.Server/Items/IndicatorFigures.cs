using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Server.Items;

/// <summary>The figures an indicator grain holds, with the target and owner in force on a day, as they cross the grain boundary.</summary>
[GenerateSerializer, Immutable, Alias("IndicatorFigures")]
public sealed record IndicatorFigures(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] string Code,
    [property: Id(3)] string Name,
    [property: Id(4)] string Unit,
    [property: Id(5)] string OwnerDepartment,
    [property: Id(6)] Target? Target,
    [property: Id(7)] IReadOnlyList<PeriodFigure> Figures)
{
    public static IndicatorFigures From(string key, IndicatorState state, DateOnly today)
    {
        var d = state.Definition!;
        return new IndicatorFigures(key, state.Version, d.Code, d.Name, d.Unit, state.OwnerOn(today) ?? "", state.TargetOn(today)?.Target,
            state.Figures.Select(f => new PeriodFigure(
                f.Key.ToString(), f.Value.Value, f.Value.ReportId, f.Value.FirstReportedAt, f.Value.ChangedAt, f.Value.Verified)).ToList());
    }
}

[GenerateSerializer, Immutable, Alias("PeriodFigure")]
public sealed record PeriodFigure(
    [property: Id(0)] string Period,
    [property: Id(1)] decimal Value,
    [property: Id(2)] string ReportId,
    [property: Id(3)] DateTimeOffset FirstReportedAt,
    [property: Id(4)] DateTimeOffset ChangedAt,
    [property: Id(5)] bool Verified);
