using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Domain;

/// <summary>What a command decides against the current state: events to append, nothing, or a refusal.</summary>
public abstract record Decision
{
    private Decision() { }

    /// <summary>The events to append, in order, in one transaction.</summary>
    public sealed record Accepted(IReadOnlyList<IItemEvent> Events) : Decision;

    /// <summary>The same command was already applied (an idempotent retry): success, no new event.</summary>
    public sealed record AlreadyDone : Decision;

    public sealed record Refused(Refusal Refusal) : Decision;

    public static Decision Accept(params IItemEvent[] events) => new Accepted(events);

    public static Decision Refuse(RefusalKind kind, string field, string message, string clerk) =>
        new Refused(new Refusal(kind, field, message, clerk));

    public static Decision Refuse(RefusalKind kind, string field, RuleBreach breach) =>
        new Refused(new Refusal(kind, field, breach));
}
