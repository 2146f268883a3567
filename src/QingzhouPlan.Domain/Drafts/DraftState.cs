using System.Collections.Immutable;

namespace QingzhouPlan.Domain.Drafts;

/// <summary>
/// A plan draft as its events leave it: the document as read, every item with its status, the plan described and,
/// once adopted, the plan it became. The only fold of a draft's stream.
/// </summary>
public sealed record DraftState(
    string Id,
    string DocumentName,
    string DocumentSha256,
    string Text,
    HeaderProposal Header,
    IReadOnlyList<ChapterProposal> Chapters,
    ImmutableList<DraftItem> Items,
    DraftPlan? Plan,
    string? AdoptedAs,
    long Version)
{
    public static DraftState From(IEnumerable<object> events)
    {
        DraftState? state = null;
        foreach (var e in events)
            state = Apply(state, e);
        return state ?? throw new InvalidOperationException("a draft's stream starts with DraftOpened");
    }

    public static DraftState Apply(DraftState? state, object @event)
    {
        if (state is null)
            return @event is DraftOpened opened
                ? new DraftState(opened.DraftId, opened.DocumentName, opened.DocumentSha256, opened.Text, opened.Header, opened.Chapters,
                    opened.Items.ToImmutableList(), null, null, 1)
                : throw new InvalidOperationException("a draft's stream starts with DraftOpened");
        var next = @event switch
        {
            DraftOpened => throw new InvalidOperationException("a draft is opened once"),
            DraftPlanDescribed described => state with { Plan = described.Plan },
            DraftItemsAccepted accepted => state.Set(accepted.Items, DraftItemStatus.Accepted),
            DraftItemsDropped dropped => state.Set(dropped.Items, DraftItemStatus.Dropped),
            DraftItemEdited edited => state.Replace(edited.Item, i => i with { Start = edited.Start, Length = edited.Length, Fields = edited.Fields }),
            DraftItemSplit split => state.Set([split.Item], DraftItemStatus.Replaced).Append(split.Into),
            DraftItemsMerged merged => state.Set(merged.Items, DraftItemStatus.Replaced).Append([merged.Into]),
            DraftItemAdded added => state.Append([added.Item]),
            DraftAdopted adopted => state with { AdoptedAs = adopted.PlanId },
            _ => throw new InvalidOperationException($"{@event.GetType().Name} is not an event of a draft"),
        };
        return next with { Version = state.Version + 1 };
    }

    public DraftItem? Find(string id) => Items.FirstOrDefault(i => i.Id == id);

    /// <summary>The items a reviewer can still act on: proposed, accepted or dropped (not those a split or merge replaced).</summary>
    public IEnumerable<DraftItem> Live => Items.Where(i => i.Status != DraftItemStatus.Replaced);

    /// <summary>The next item id: items are never removed, so their count numbers them.</summary>
    public string NextId(int offset = 0) => $"p{Items.Count + 1 + offset}";

    /// <summary>The clause an item quotes: its span of the document, without the page layout's line breaks.</summary>
    public string Clause(DraftItem item) => Clause(Text, item.Start, item.Length);

    public static string Clause(string text, int start, int length) =>
        text.Substring(start, length).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();

    private DraftState Set(IReadOnlyList<string> ids, DraftItemStatus status) =>
        this with { Items = Items.Select(i => ids.Contains(i.Id) ? i with { Status = status } : i).ToImmutableList() };

    private DraftState Append(IEnumerable<DraftItem> items) => this with { Items = Items.AddRange(items) };

    private DraftState Replace(string id, Func<DraftItem, DraftItem> change) =>
        this with { Items = Items.Select(i => i.Id == id ? change(i) : i).ToImmutableList() };
}
