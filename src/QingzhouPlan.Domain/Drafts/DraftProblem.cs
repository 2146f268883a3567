namespace QingzhouPlan.Domain.Drafts;

/// <summary>Something that keeps a draft from becoming a plan, on a field of the request or an item (items[p12].owner).</summary>
public sealed record DraftProblem(string Field, string Message, string Clerk);
