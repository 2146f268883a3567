namespace QingzhouPlan.Domain;

/// <summary>Who caused an event: the authenticated user, their department, and the trace it belongs to.</summary>
[GenerateSerializer, Immutable, Alias("ActedBy")]
public sealed record ActedBy(
    [property: Id(0)] string User,
    [property: Id(1)] string Department,
    [property: Id(2)] string? CorrelationId)
{
    /// <summary>The plan loader and other work the system does on its own behalf.</summary>
    public static ActedBy System(string? correlationId = null) => new("system", "system", correlationId);
}
