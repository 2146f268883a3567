using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// One item's part in a department's round step: the events it decided at its version, or why it takes no part
/// (no events and no refusal: not the department's item for the period, or already done).
/// </summary>
[GenerateSerializer, Immutable, Alias("RoundPart")]
public sealed record RoundPart(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<IItemEvent> Events,
    [property: Id(3)] Refusal? Refusal);
