using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Indicators;

// The events of one indicator's stream, in the order they usually occur. Events are facts: once
// appended they are never changed; a correction is a new event.

/// <summary>An indicator of a plan, as the plan document defines it.</summary>
public sealed record IndicatorDefined(
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
    ActedBy Actor);

/// <summary>The result of the previous year that the target builds on (2023年 1320 亿元).</summary>
public sealed record Baseline(decimal Value, string Unit, int Year, string Source);

/// <summary>The target as adopted with the plan.</summary>
public sealed record TargetSet(Target Target, DateOnly EffectiveFrom, string Source, ActedBy Actor);

/// <summary>
/// A department's figure for a period, normalised to the indicator's unit. The value and unit as
/// received are kept beside it, so a normalisation (12000 万株 → 1.2 亿株) stays visible.
/// </summary>
public sealed record ValueReported(
    Period Period,
    decimal Value,
    string ReportId,
    decimal ReceivedValue,
    string ReceivedUnit,
    string? Note,
    string? Source,
    ActedBy Actor);
