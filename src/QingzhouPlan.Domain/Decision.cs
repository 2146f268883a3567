namespace QingzhouPlan.Domain;

/// <summary>What a command decides against the current state: an event to append, nothing, or a refusal.</summary>
public abstract record Decision
{
    private Decision() { }

    public sealed record Accepted(object Event) : Decision;

    /// <summary>The same command was already applied (an idempotent retry): success, no new event.</summary>
    public sealed record AlreadyDone : Decision;

    public sealed record Refused(Refusal Refusal) : Decision;

    public static Decision Refuse(RefusalKind kind, string field, string message) =>
        new Refused(new Refusal(kind, field, message));
}
