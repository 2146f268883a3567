using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Domain.Targets;

/// <summary>
/// A target as recorded: its value and wording, the date it governs from, when it was recorded, and why
/// (the adopted plan, or an adjustment with its legal basis).
/// </summary>
[GenerateSerializer, Immutable, Alias("TargetEntry")]
public sealed record TargetEntry(
    [property: Id(0)] Target Target,
    [property: Id(1)] DateOnly EffectiveFrom,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] long Version,
    [property: Id(4)] string Reason,
    [property: Id(5)] string? LegalBasis) : IDated;
