namespace QingzhouPlan.Domain;

/// <summary>
/// Why a command changes nothing, naming the request field at fault: <see cref="Message"/> in English for the
/// API's problem details, <see cref="Clerk"/> in Chinese for whoever filled in the form or the page.
/// </summary>
[GenerateSerializer, Immutable, Alias("Refusal")]
public sealed record Refusal(
    [property: Id(0)] RefusalKind Kind,
    [property: Id(1)] string Field,
    [property: Id(2)] string Message,
    [property: Id(3)] string Clerk)
{
    public Refusal(RefusalKind kind, string field, RuleBreach breach) : this(kind, field, breach.Message, breach.Clerk)
    {
    }
}

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
