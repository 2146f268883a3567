namespace QingzhouPlan.Domain.Drafts;

/// <summary>An event of a plan draft's stream: the document read, then every step of its review, then its adoption.</summary>
public interface IDraftEvent
{
    ActedBy Actor { get; }
}

/// <summary>A plan document was read into a draft: the text as read (offsets point into it), its SHA-256 and what the extractor proposed.</summary>
public sealed record DraftOpened(
    string DraftId,
    string DocumentName,
    string DocumentSha256,
    string Text,
    HeaderProposal Header,
    IReadOnlyList<ChapterProposal> Chapters,
    IReadOnlyList<DraftItem> Items,
    ActedBy Actor) : IDraftEvent;

/// <summary>The reviewer described the plan the draft will become (replacing any earlier description).</summary>
public sealed record DraftPlanDescribed(DraftPlan Plan, ActedBy Actor) : IDraftEvent;

public sealed record DraftItemsAccepted(IReadOnlyList<string> Items, ActedBy Actor) : IDraftEvent;

public sealed record DraftItemsDropped(IReadOnlyList<string> Items, string Reason, ActedBy Actor) : IDraftEvent;

/// <summary>An item's span or fields changed; an accepted item stays accepted.</summary>
public sealed record DraftItemEdited(string Item, int Start, int Length, DraftItemFields Fields, ActedBy Actor) : IDraftEvent;

/// <summary>One proposal held several items: it is replaced by them.</summary>
public sealed record DraftItemSplit(string Item, IReadOnlyList<DraftItem> Into, ActedBy Actor) : IDraftEvent;

/// <summary>Several proposals were one item: they are replaced by it.</summary>
public sealed record DraftItemsMerged(IReadOnlyList<string> Items, DraftItem Into, ActedBy Actor) : IDraftEvent;

/// <summary>The reviewer selected text the extractor missed and made it an item.</summary>
public sealed record DraftItemAdded(DraftItem Item, ActedBy Actor) : IDraftEvent;

/// <summary>The draft became plan <see cref="PlanId"/>, in the same commit as the plan's own events; nothing changes it after.</summary>
public sealed record DraftAdopted(string PlanId, ActedBy Actor) : IDraftEvent;
