namespace QingzhouPlan.Domain.Units;

/// <summary>
/// A unit as the plan writes it (亿元, 万亩, 个). Two units convert only within one dimension;
/// <see cref="Factor"/> is how many base units of that dimension one of this unit is;
/// <see cref="Description"/> says what the dimension measures, for error messages.
/// </summary>
[GenerateSerializer, Immutable, Alias("Unit")]
public sealed record Unit(
    [property: Id(0)] string Symbol,
    [property: Id(1)] string Dimension,
    [property: Id(2)] decimal Factor,
    [property: Id(3)] string Description);
