using Marten;
using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Drafts;

/// <summary>An item as the reviewer sees it: its clause, fields and confidence, and the previous plan's item it likely continues (owner suggested from it).</summary>
public sealed record DraftItemView(
    string Id, DraftItemKind Kind, DraftItemStatus Status, int Start, int Length, string Clause, DraftItemFields Fields, double Confidence, PreviousMatch? Suggestion);

/// <summary>
/// A draft for its reviewer: the document text (offsets point into it), what was proposed and decided, what still keeps
/// it from adoption, and how the results it reports stand against the previous plan in the store.
/// </summary>
public sealed record DraftView(
    string Id,
    string DocumentName,
    string DocumentSha256,
    long Version,
    string? AdoptedAs,
    HeaderProposal Header,
    IReadOnlyList<ChapterProposal> Chapters,
    DraftPlan? Plan,
    string? PreviousPlanId,
    IReadOnlyList<DraftItemView> Items,
    IReadOnlyList<DraftProblem> Problems,
    IReadOnlyList<ResultCheck> Results,
    string Text)
{
    public static async Task<DraftView> Of(DraftState draft, IQuerySession session, CancellationToken ct)
    {
        var previous = draft.Plan?.PreviousPlanId is { Length: > 0 } named ? named : await GuessPrevious(draft, session, ct);
        var (indicators, tasks) = previous is null ? ([], []) : await PreviousItemsOf(previous, session, ct);
        var items = draft.Items.Select(i => new DraftItemView(i.Id, i.Kind, i.Status, i.Start, i.Length, draft.Clause(i), i.Fields, i.Confidence,
            PreviousItems.Match(i.Fields, i.Kind == DraftItemKind.Task ? tasks : indicators))).ToList();
        var problems = DraftReview.Problems(draft);
        IReadOnlyList<ResultCheck> results = [];
        if (draft.Plan is { } plan)
        {
            var accepted = draft.Live.Where(i => i.Status == DraftItemStatus.Accepted && i.Kind == DraftItemKind.Result
                && i.Fields.Value is not null && i.Fields.Period is not null && Domain.Periods.Period.TryParse(i.Fields.Period, out _, out _)).ToList();
            results = await PlanFoundation.Check(accepted.Select(i => new ResultSeed
            {
                Code = i.Fields.Code, Name = i.Fields.Name, Period = i.Fields.Period!, Value = i.Fields.Value!.Value, Unit = i.Fields.Unit,
            }).ToList(), plan.PreviousPlanId, session, ct);
        }
        return new DraftView(draft.Id, draft.DocumentName, draft.DocumentSha256, draft.Version, draft.AdoptedAs, draft.Header, draft.Chapters, draft.Plan,
            previous, items, problems, results, draft.Text);
    }

    // Before the reviewer names it, the previous plan is the store's plan of the year before, if there is exactly one.
    private static async Task<string?> GuessPrevious(DraftState draft, IQuerySession session, CancellationToken ct)
    {
        if (draft.Header.Year is not { } year)
            return null;
        // Plans are few (a county's years); Marten's LINQ does not reach into the stored state's adoption event.
        var plans = (await session.Query<PlanDocument>().ToListAsync(ct)).Where(p => p.State.Adopted?.Year == year - 1).ToList();
        return plans.Count == 1 ? plans[0].Id : null;
    }

    private static async Task<(IReadOnlyList<PreviousItem>, IReadOnlyList<PreviousItem>)> PreviousItemsOf(string planId, IQuerySession session, CancellationToken ct)
    {
        var indicators = await session.Query<IndicatorDocument>().Where(d => d.PlanId == planId).ToListAsync(ct);
        var tasks = await session.Query<TaskDocument>().Where(d => d.PlanId == planId).ToListAsync(ct);
        return (
            indicators.Where(d => d.State.Definition is not null)
                .Select(d => new PreviousItem(d.State.Definition!.Code, d.State.Definition.Name, d.State.Definition.Unit, d.State.Owners.Latest?.Department ?? d.State.Definition.OwnerDepartment)).ToList(),
            tasks.Where(d => d.State.Definition is not null)
                .Select(d => new PreviousItem(d.State.Definition!.Code, d.State.Definition.Text, "", d.State.Owners.Latest?.Department ?? d.State.Definition.OwnerDepartment)).ToList());
    }
}
