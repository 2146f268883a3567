namespace QingzhouPlan.Domain.Drafts;

/// <summary>What a review step decides against the draft: one event to append, or a refusal naming the field at fault.</summary>
public abstract record DraftDecision
{
    private DraftDecision() { }

    public sealed record Accepted(IDraftEvent Event) : DraftDecision;

    public sealed record Refused(Refusal Refusal) : DraftDecision;

    public static DraftDecision Refuse(RefusalKind kind, string field, string message, string clerk) => new Refused(new Refusal(kind, field, message, clerk));
}
