using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Indicators;

// The events of one indicator's stream, in the order they usually occur. Events are facts: once
// appended they are never changed; a correction is a new event.

/// <summary>
/// An indicator of a plan, as the plan document defines it. <see cref="Continues"/> is the previous plan's item it
/// carries on (its stream key, "qingzhou-2024/GDP"), where a reviewer linked them; left out of the JSON when absent,
/// so indicators recorded before it keep their hash.
/// </summary>
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
    ActedBy Actor,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Continues = null) : IItemEvent;

/// <summary>The result of the previous year that the target builds on (2023年 1320 亿元).</summary>
public sealed record Baseline(decimal Value, string Unit, int Year, string Source);

/// <summary>The target as adopted with the plan.</summary>
public sealed record TargetSet(Target Target, DateOnly EffectiveFrom, string Source, ActedBy Actor) : IItemEvent;

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
    ActedBy Actor) : IItemEvent;

/// <summary>A standing figure replaced, with the reason. The figure it replaces stays in the stream.</summary>
public sealed record ValueCorrected(
    Period Period,
    decimal Value,
    decimal PreviousValue,
    decimal ReceivedValue,
    string ReceivedUnit,
    string Reason,
    ActedBy Actor) : IItemEvent;

/// <summary>A standing figure withdrawn: the period has no figure again until a new report.</summary>
public sealed record ValueRetracted(Period Period, decimal PreviousValue, string Reason, ActedBy Actor) : IItemEvent;

/// <summary>A reviewer confirms the figure standing for a period (审核).</summary>
public sealed record ValueVerified(Period Period, decimal Value, string? Note, ActedBy Actor) : IItemEvent;

/// <summary>
/// The target changed after adoption (调整), with the reason and its legal basis, in force from a date.
/// The adopted target is never overwritten: reports as of an earlier date still show it.
/// </summary>
public sealed record TargetAdjusted(
    Target Target,
    Target PreviousTarget,
    DateOnly EffectiveFrom,
    string Reason,
    string LegalBasis,
    ActedBy Actor) : IItemEvent;
