using System.Text.Json.Serialization;

namespace QingzhouPlan.Domain;

/// <summary>
/// Who caused an event: the authenticated user, their department, the roles they acted in, the trace it
/// belongs to, and — when the figure came in a filled-in form — the SHA-256 of that file (<see cref="SourceFile"/>). Roles travel with the actor so the domain, not the HTTP layer, decides whose
/// write an item accepts.
/// </summary>
[GenerateSerializer, Immutable, Alias("ActedBy")]
public sealed record ActedBy(
    [property: Id(0)] string User,
    [property: Id(1)] string Department,
    [property: Id(2)] string? CorrelationId,
    [property: Id(3)] IReadOnlyList<string>? Roles = null,
    // Left out of an event's JSON when absent, so the canonical form (and hash) of events recorded
    // before the field existed is unchanged.
    [property: Id(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SourceFile = null,
    // The plans the caller's token covers: a permission of the moment, never part of an event. Null only for
    // actors the system makes itself (seed loading, deadlines) and for tests of the rules that need no plan.
    [property: Id(5), JsonIgnore] PlanScope? Plans = null)
{
    /// <summary>The plan loader and other work the system does on its own behalf.</summary>
    public static ActedBy System(string? correlationId = null) => new("system", "system", correlationId, [Domain.Roles.System]);

    public bool Holds(string role) => Roles?.Contains(role, StringComparer.Ordinal) ?? false;
}
