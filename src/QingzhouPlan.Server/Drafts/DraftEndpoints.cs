using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Drafts;

/// <summary>
/// Next year's plan from its document: read into a draft (an event stream), reviewed step by step (accept, edit,
/// split, merge, drop, add what was missed, describe the plan), then adopted — founded exactly as a seed founds a plan,
/// in the same commit as the draft's last event. Administrators only.
/// </summary>
public static class DraftEndpoints
{
    /// <summary>A plan document is tens of kilobytes; a few megabytes leaves room for a Word file with pictures.</summary>
    public const long MaxDocumentBytes = 4 * 1024 * 1024;

    public static void MapDrafts(this IEndpointRouteBuilder app)
    {
        var drafts = app.MapGroup("/api/plan-drafts").RequireAuthorization(Policies.Administer).WithTags("Plan drafts");
        drafts.MapPost("/extraction", Extract).WithMetadata(new RouteBodyLimit(MaxDocumentBytes))
            .WithSummary("Read a plan document (UTF-8 text or .docx, the file as the body) into proposals: header, chapters, each target, last year's result and task with its clause and confidence. Stores nothing");
        drafts.MapPost("/", Open).WithMetadata(new RouteBodyLimit(MaxDocumentBytes))
            .WithSummary("Open a draft from a plan document (the file as the body; ?name= the document's file name): every proposal recorded for review");
        drafts.MapGet("/", async (DraftStore store, CancellationToken ct) => TypedResults.Ok(await store.List(ct)))
            .WithSummary("Every draft, newest first, and the plan each became");
        drafts.MapGet("/{draftId}", Read)
            .WithSummary("The draft: document text, items with their clauses and suggested owners, what keeps it from adoption, last year's results against the store");
        drafts.MapGet("/{draftId}/history", History)
            .WithSummary("Every step of the draft's review, in order, with who took it and when");
        drafts.MapPut("/{draftId}/plan", DescribePlan)
            .WithSummary("Describe the plan the draft becomes: id, year, region, title, adoption, previous plan, departments, chapters, round (copyFromPrevious: the previous plan's departments and round)");
        drafts.MapPost("/{draftId}/accepted", (string draftId, HttpContext context) =>
                Step<DraftItemsRequest>(draftId, context, r => r.ExpectedVersion, (draft, r, actor) => DraftReview.Accept(draft, r.Items ?? [], actor)))
            .WithSummary("Accept items (any number at once)");
        drafts.MapPost("/{draftId}/dropped", (string draftId, HttpContext context) =>
                Step<DraftItemsRequest>(draftId, context, r => r.ExpectedVersion, (draft, r, actor) => DraftReview.Drop(draft, r.Items ?? [], r.Reason ?? "", actor)))
            .WithSummary("Drop items, saying why");
        drafts.MapPost("/{draftId}/items", (string draftId, HttpContext context) => Step<DraftAddRequest>(draftId, context, r => r.ExpectedVersion, AddItem))
            .WithSummary("Add what the extractor missed: the selected span (start, length) as a target, result or task, its fields read from the selection unless given");
        drafts.MapPut("/{draftId}/items/{itemId}", (string draftId, string itemId, HttpContext context) =>
                Step<DraftEditRequest>(draftId, context, r => r.ExpectedVersion, (draft, r, actor) => EditItem(draft, itemId, r, actor)))
            .WithSummary("Edit an item's span or fields; fields left out keep their value");
        drafts.MapPost("/{draftId}/items/{itemId}/split", (string draftId, string itemId, HttpContext context) =>
                Step<DraftSplitRequest>(draftId, context, r => r.ExpectedVersion, (draft, r, actor) => SplitItem(draft, itemId, r, actor)))
            .WithSummary("Split one proposal into several items, each on its own span");
        drafts.MapPost("/{draftId}/merges", (string draftId, HttpContext context) =>
                Step<DraftMergeRequest>(draftId, context, r => r.ExpectedVersion, (draft, r, actor) =>
                    DraftReview.Missing(draft, r.Items ?? []) ?? DraftReview.Merge(draft, r.Items!, (r.Fields ?? new()).Over(draft.Find(r.Items![0])!.Fields), actor)))
            .WithSummary("Merge proposals that are one item; fields default to the first's");
        drafts.MapPost("/{draftId}/adoption", Adopt)
            .WithSummary("Adopt the reviewed draft: the plan is founded as its seed would found it, last year's results checked against the previous plan in the store");
    }

    private static async Task<Results<Ok<DraftProposal>, ProblemHttpResult>> Extract(HttpContext context, CancellationToken ct)
    {
        var (upload, problem) = await ReadDocument(context, ct);
        return upload is null ? problem! : TypedResults.Ok(upload.Proposal);
    }

    private static async Task<Results<Created<DraftView>, ProblemHttpResult>> Open(HttpContext context, DraftStore store, IQuerySession session, string? name, CancellationToken ct)
    {
        var (upload, problem) = await ReadDocument(context, ct);
        if (upload is null)
            return problem!;
        var proposal = upload.Proposal;
        var documentName = string.IsNullOrWhiteSpace(name) ? $"plan-{proposal.Header.Year}.txt" : Path.GetFileName(name.Trim());
        var id = Guid.CreateVersion7().ToString("N");
        var opened = new DraftOpened(id, documentName, upload.Sha256, upload.Text, proposal.Header, proposal.Chapters,
            DraftProposals.From(proposal), CurrentActor.From(context));
        await store.Open(opened);
        return TypedResults.Created($"/api/plan-drafts/{id}", await DraftView.Of(DraftState.From([opened]), session, ct));
    }

    private static async Task<Results<Ok<DraftView>, ProblemHttpResult>> Read(string draftId, DraftStore store, IQuerySession session, CancellationToken ct) =>
        await store.Load(draftId, ct) is ({ } draft, _) ? TypedResults.Ok(await DraftView.Of(draft, session, ct)) : NotFound(draftId);

    private static async Task<Results<Ok<IReadOnlyList<DraftStep>>, ProblemHttpResult>> History(string draftId, DraftStore store, CancellationToken ct) =>
        await store.Load(draftId, ct) is ({ } _, var events)
            ? TypedResults.Ok<IReadOnlyList<DraftStep>>(events.Select(e => new DraftStep(e.Version, e.EventTypeName, e.Timestamp, ((IDraftEvent)e.Data).Actor.User,
                e.Data is DraftOpened ? null : e.Data)).ToList())
            : NotFound(draftId);

    private static Task<Results<Ok<DraftView>, ProblemHttpResult>> DescribePlan(string draftId, HttpContext context, IQuerySession session) =>
        StepAsync<DraftPlanRequest>(draftId, context, r => r.ExpectedVersion, async (draft, r, actor) =>
        {
            var previous = r.CopyFromPrevious && r.PreviousPlanId is { Length: > 0 } id
                ? (await session.LoadAsync<PlanDocument>(id, context.RequestAborted))?.State
                : null;
            return Describe(draft, r, actor, previous);
        });

    private static DraftDecision Describe(DraftState draft, DraftPlanRequest r, ActedBy actor, PlanState? previous)
    {
        if (r.Id is null || r.Year is null || r.AdoptedOn is null || r.Title is null)
            return DraftDecision.Refuse(RefusalKind.Invalid, r.Id is null ? "id" : r.Year is null ? "year" : r.Title is null ? "title" : "adoptedOn", "required", "必填");
        if (r.Year is < DraftReview.FirstYear or > DraftReview.LastYear)
            return DraftDecision.Refuse(RefusalKind.Invalid, "year", "the plan year is out of range", "计划年度不在合理范围内");
        if (r.CopyFromPrevious && previous is null)
            return DraftDecision.Refuse(RefusalKind.Invalid, "previousPlanId", $"no plan '{r.PreviousPlanId}' in the store to copy from", $"库中没有上年计划「{r.PreviousPlanId}」，无法复制");
        if (r.CopyFromPrevious && actor.Plans is { } scope && !scope.Covers(r.PreviousPlanId!))
            return DraftDecision.Refuse(RefusalKind.Forbidden, "previousPlanId", $"the caller's token does not cover plan '{r.PreviousPlanId}'", $"您的授权不包括计划「{r.PreviousPlanId}」");
        var firstDay = new DateOnly(r.Year.Value, 1, 1);
        var departments = r.Departments ?? previous?.Departments.Values.Where(d => d.ExistsOn(firstDay)).Select(d => new Department(d.Code, d.NameOn(firstDay))).ToList() ?? [];
        var chapters = r.Chapters ?? draft.Chapters.Select(c => new Chapter(c.Code, c.Title)).ToList();
        var round = r.Round is { } given ? new DraftRound(given.Levels ?? [], given.Rules ?? [], given.Window)
            : previous?.Round is { } copied && copied != Domain.Rounds.RoundPolicy.None ? new DraftRound(copied.Levels, copied.Rules, copied.Window)
            : null;
        return DraftReview.Describe(draft, new DraftPlan(r.Id, r.Year.Value, r.Region ?? "", r.Title, r.AdoptedOn.Value, r.AdoptedBy ?? "", r.PreviousPlanId ?? "",
            departments, chapters, round), actor);
    }

    private static DraftDecision AddItem(DraftState draft, DraftAddRequest r, ActedBy actor)
    {
        if (r.Kind is not { } kind || r.Start is not { } start || r.Length is not { } length)
            return DraftDecision.Refuse(RefusalKind.Invalid, r.Kind is null ? "kind" : r.Start is null ? "start" : "length", "required", "必填");
        // The fields are read from the selection, so the selection is checked first.
        return DraftReview.Span(draft, "", start, length)
            ?? DraftReview.Add(draft, kind, start, length, (r.Fields ?? new()).Over(DraftProposals.ForSelection(draft, kind, start, length)), actor);
    }

    private static DraftDecision EditItem(DraftState draft, string itemId, DraftEditRequest r, ActedBy actor) =>
        DraftReview.Missing(draft, [itemId]) is { } missing
            ? missing
            : DraftReview.Edit(draft, itemId, r.Start ?? draft.Find(itemId)!.Start, r.Length ?? draft.Find(itemId)!.Length,
                (r.Fields ?? new()).Over(draft.Find(itemId)!.Fields), actor);

    private static DraftDecision SplitItem(DraftState draft, string itemId, DraftSplitRequest r, ActedBy actor) =>
        DraftReview.Missing(draft, [itemId])
        ?? (r.Parts is null || r.Parts.Any(p => p.Start is null || p.Length is null)
            ? DraftDecision.Refuse(RefusalKind.Invalid, "parts", "each part needs its start and length", "每一部分须有起止位置")
            : DraftReview.Split(draft, itemId, r.Parts.Select(p => (p.Start!.Value, p.Length!.Value, (p.Fields ?? new()).Over(draft.Find(itemId)!.Fields))).ToList(), actor));

    private static async Task<Results<Created<DraftAdoption>, ProblemHttpResult>> Adopt(
        string draftId, HttpContext context, DraftStore store, Appender appender, IQuerySession session, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var (body, problem) = await Problems.ReadJson<DraftAdoptRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        if (await store.Load(draftId, ct) is not ({ } draft, _))
            return NotFound(draftId);
        if (body!.ExpectedVersion is { } expected && expected != draft.Version)
            return Moved(draft);
        var actor = CurrentActor.From(context);
        var decision = DraftReview.Adopt(draft, actor);
        if (decision is DraftDecision.Refused refused)
            return Problems.From(refused.Refusal);
        var adopted = (DraftAdopted)((DraftDecision.Accepted)decision).Event;
        var seed = DraftSeed.From(draft);
        if (await session.LoadAsync<PlanDocument>(seed.Plan.Id, ct) is not null)
            return PlanTaken(seed.Plan.Id);
        PlanFoundation foundation;
        try
        {
            foundation = await PlanFoundation.Prepare(seed, draft.DocumentSha256, actor, session, ct);
        }
        catch (InvalidDataException ex)
        {
            // What the domain's review cannot see: a link to an item the store does not hold.
            return Problems.Field(StatusCodes.Status400BadRequest, "items", ex.Message, clerk: "草案中有不能成为计划的内容（如续接的上年指标在库中不存在），请核对后再通过");
        }
        if (foundation.Disagreements is { Count: > 0 } differs)
            return Problems.Field(StatusCodes.Status409Conflict, "results",
                $"the document's results for last year differ from plan {seed.Plan.PreviousPlanId} in the store: {string.Join("; ", differs.Select(PlanFoundation.Describe))}",
                clerk: $"文件所报上年结果与库中上年计划的数据不一致（{differs.Count} 项）：" + string.Join("；", differs.Select(d =>
                    $"{d.Name} 文件为 {d.Value}{d.Unit}，库中为 {(d.Stored is { } s ? $"{s}{d.StoredUnit}" : "无数据")}")) + "。请先核对：更正库中数据，或修改草案中的数字");
        try
        {
            // One commit: the plan whole and the draft marked adopted, or neither.
            await appender.Append(new Commit(Operations.AdoptDraft, actor,
                [new StreamAppend(DraftStore.Key(draft.Id), draft.Version, [adopted]), .. foundation.Streams.Select(s => new StreamAppend(s.Key, 0, s.Events.ToList()))]));
        }
        catch (Exception ex) when (Appender.IsConflict(ex))
        {
            // Either the draft moved or another adoption took the plan id first.
            return await session.LoadAsync<PlanDocument>(adopted.PlanId, ct) is not null ? PlanTaken(adopted.PlanId) : Moved(draft);
        }
        return TypedResults.Created($"/api/plans/{adopted.PlanId}", new DraftAdoption(adopted.PlanId, seed.Indicators.Count, seed.Tasks.Count, foundation.Results));
    }

    private delegate DraftDecision Decide<in TRequest>(DraftState draft, TRequest request, ActedBy actor);

    private static Task<Results<Ok<DraftView>, ProblemHttpResult>> Step<TRequest>(string draftId, HttpContext context, Func<TRequest, long?> expectedVersion, Decide<TRequest> decide)
        where TRequest : class =>
        StepAsync<TRequest>(draftId, context, expectedVersion, (draft, request, actor) => Task.FromResult(decide(draft, request, actor)));

    // Reads the body and the draft, decides the step against the draft as read, and appends its event under that version.
    private static async Task<Results<Ok<DraftView>, ProblemHttpResult>> StepAsync<TRequest>(
        string draftId, HttpContext context, Func<TRequest, long?> expectedVersion, Func<DraftState, TRequest, ActedBy, Task<DraftDecision>> decide)
        where TRequest : class
    {
        var services = context.RequestServices;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var (body, problem) = await Problems.ReadJson<TRequest>(context.Request, json);
        if (problem is not null)
            return problem;
        var store = services.GetRequiredService<DraftStore>();
        var ct = context.RequestAborted;
        if (await store.Load(draftId, ct) is not ({ } draft, _))
            return NotFound(draftId);
        if (expectedVersion(body!) is { } expected && expected != draft.Version)
            return Moved(draft);
        switch (await decide(draft, body!, CurrentActor.From(context)))
        {
            case DraftDecision.Refused refused:
                return Problems.From(refused.Refusal);
            case DraftDecision.Accepted accepted:
                try
                {
                    await store.Step(draft, accepted.Event);
                }
                catch (Exception ex) when (Appender.IsConflict(ex))
                {
                    return Moved(draft);
                }
                await using (var session = services.GetRequiredService<IDocumentStore>().QuerySession())
                    return TypedResults.Ok(await DraftView.Of(DraftState.Apply(draft, accepted.Event), session, ct));
            default:
                throw new InvalidOperationException("a draft decision accepts or refuses");
        }
    }

    private sealed record Upload(string Text, string Sha256, DraftProposal Proposal);

    // The document's text and what it proposes, or the problem that says why it is no plan document; the SHA-256 is of
    // the bytes as uploaded, as a seed's is of its file.
    private static async Task<(Upload? Upload, ProblemHttpResult? Problem)> ReadDocument(HttpContext context, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var (text, problem, clerk) = PlanDocumentText.Read(bytes);
        if (text is null)
            return (null, Problems.Field(StatusCodes.Status400BadRequest, "document", problem!, clerk: clerk));
        var proposal = PlanExtractor.Extract(text);
        return proposal.Header.Year is null && proposal.Quantities.Count == 0
            ? (null, Problems.Field(StatusCodes.Status422UnprocessableEntity, "document", "no plan year and no quantity: this is not a plan document of the genre",
                clerk: "未识别出计划年度和任何量化目标，文件不像国民经济和社会发展计划"))
            : (new Upload(text, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), proposal), null);
    }

    private static ProblemHttpResult NotFound(string draftId) =>
        Problems.Field(StatusCodes.Status404NotFound, "draftId", $"no plan draft '{draftId}'", clerk: "没有这份草案");

    private static ProblemHttpResult Moved(DraftState draft) =>
        Problems.Field(StatusCodes.Status409Conflict, "expectedVersion", $"the draft changed meanwhile (now version {draft.Version}); reload it and decide again",
            clerk: "草案已被他人修改，请刷新后再操作");

    private static ProblemHttpResult PlanTaken(string planId) =>
        Problems.Field(StatusCodes.Status409Conflict, "plan.id", $"a plan '{planId}' is already in the store", clerk: $"计划编号「{planId}」已被使用");
}

/// <summary>One step of a draft's review as the history lists it: the event's stored name (stable across renames), when and by whom.</summary>
public sealed record DraftStep(long Version, string Step, DateTimeOffset RecordedAt, string By, object? Data);

/// <summary>What adoption founded: the plan, how many indicators and tasks, and each result of last year as checked against the store.</summary>
public sealed record DraftAdoption(string Plan, int Indicators, int Tasks, IReadOnlyList<ResultCheck> Results);
