using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Indicators;

// Commands to an indicator, imperative and serialisable across the grain boundary. Who acts travels
// beside them (ActedBy), never inside.

/// <summary>Replaces the figure standing for a period; a reason is required.</summary>
[GenerateSerializer, Immutable, Alias("CorrectValue")]
public sealed record CorrectValue(
    [property: Id(0)] Period Period,
    [property: Id(1)] decimal Value,
    [property: Id(2)] string Unit,
    [property: Id(3)] string Reason,
    [property: Id(4), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Explanation = null);

/// <summary>Withdraws the figure standing for a period; a reason is required.</summary>
[GenerateSerializer, Immutable, Alias("RetractValue")]
public sealed record RetractValue(
    [property: Id(0)] Period Period,
    [property: Id(1)] string Reason);

/// <summary>Confirms the figure standing for a period (reviewers).</summary>
[GenerateSerializer, Immutable, Alias("VerifyValue")]
public sealed record VerifyValue(
    [property: Id(0)] Period Period,
    [property: Id(1)] string? Note);

/// <summary>Changes the target from a date, with reason and legal basis (reviewers and administrators).</summary>
[GenerateSerializer, Immutable, Alias("AdjustTarget")]
public sealed record AdjustTarget(
    [property: Id(0)] Target Target,
    [property: Id(1)] DateOnly EffectiveFrom,
    [property: Id(2)] string Reason,
    [property: Id(3)] string LegalBasis);
