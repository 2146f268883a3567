using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Progress;

namespace QingzhouPlan.Server.Reporting;

/// <summary>An indicator's standing as of a moment: latest figure assessed, and what it owes.</summary>
[GenerateSerializer, Immutable, Alias("IndicatorStatus")]
public sealed record IndicatorStatus(
    [property: Id(0)] string Key,
    [property: Id(1)] string Code,
    [property: Id(2)] string Name,
    [property: Id(3)] string Chapter,
    [property: Id(4)] string Department,
    [property: Id(5)] string Unit,
    [property: Id(6)] string TargetText,
    [property: Id(7)] ProgressStatus Status,
    [property: Id(8)] Assessment? Latest,
    [property: Id(9)] bool Late,
    [property: Id(10)] IReadOnlyList<DueReport> Calendar,
    [property: Id(11)] long Version);
