namespace QingzhouPlan.Domain;

/// <summary>Why a command changes nothing, naming the request field at fault.</summary>
[GenerateSerializer, Immutable, Alias("Refusal")]
public sealed record Refusal(
    [property: Id(0)] RefusalKind Kind,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message);

public enum RefusalKind
{
    /// <summary>The request is malformed or breaks a rule (400/422).</summary>
    Invalid,

    /// <summary>The plan item does not exist (404).</summary>
    NotFound,

    /// <summary>The request contradicts what is already recorded, such as a reused report id (409).</summary>
    Conflict,

    /// <summary>The caller may not write to this item: another department owns it, or the year is closed to them (403).</summary>
    Forbidden,
}
