using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Progress;

/// <summary>An indicator's figure for a period weighed against its target and 序时进度.</summary>
[GenerateSerializer, Immutable, Alias("Assessment")]
public sealed record Assessment(
    [property: Id(0)] Period Period,
    [property: Id(1)] decimal? Actual,
    [property: Id(2)] decimal Target,
    [property: Id(3)] decimal Expected,
    [property: Id(4)] decimal? Completion,
    [property: Id(5)] decimal ElapsedShare,
    [property: Id(6)] ProgressStatus Status,
    [property: Id(7)] bool SoftTarget);
