using QingzhouPlan.Domain.Progress;

namespace QingzhouPlan.Domain.Reports;

/// <summary>
/// The execution report (执行情况) of a plan for a period, as it stood at an instant: each indicator's
/// figure for the period, the target in force then, completion, 序时进度 and status; each task's status.
/// </summary>
public sealed record ExecutionReport(
    string PlanId,
    string Period,
    DateTimeOffset AsOf,
    IReadOnlyList<IndicatorLine> Indicators,
    IReadOnlyList<TaskLine> Tasks,
    IReadOnlyList<ItemError> Errors);

/// <summary>An item that could not be evaluated (its events hold something the rules cannot judge): shown, never fatal.</summary>
[GenerateSerializer, Immutable, Alias("ItemError")]
public sealed record ItemError([property: Id(0)] string Code, [property: Id(1)] string Message);

public sealed record IndicatorLine(
    string Code,
    string Name,
    string Chapter,
    string Department,
    string Unit,
    string? OwnPeriod,
    decimal? Value,
    bool Verified,
    decimal? Target,
    string? TargetText,
    decimal? Expected,
    decimal? Completion,
    ProgressStatus Status,
    long Version);

public sealed record TaskLine(string Code, string Text, string Chapter, string Department, Tasks.TaskStatus Status, long Version);
