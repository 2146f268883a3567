using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Rounds;

/// <summary>
/// The monthly round over HTTP: the plan's levels, rules and window (set by administrators), steps for one figure or a
/// department's round, exceptions to a closed window, and the round's board — approval queue, "sent back to me",
/// completion (报送率) — and the validation run, now or as of an instant. Who may take a step is the items' decision.
/// </summary>
public static class RoundEndpoints
{
    public static void MapRounds(this IEndpointRouteBuilder app)
    {
        var plan = app.MapGroup("/api/plans/{planId}").WithTags("Round");

        plan.MapGet("/round", async (string planId, string? asOf, HttpContext context, PlanEventReader reader, IGrainFactory grains,
                [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
            {
                if (asOf is null)
                    return Results.Ok(await grains.GetGrain<IPlanGrain>(planId).RoundPolicy());
                if (Past(context, asOf) is { } problem)
                    return problem;
                PlanClock.TryParseInstant(asOf, out var at);
                return Results.Ok(await PolicyAt(planId, at, reader, grains, ct));
            })
            .WithSummary("The approval levels, data-quality rules and reporting window in force now, or as of an instant");
        plan.MapPut("/round/levels", async (string planId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                await Set<LevelsRequest>(context, json, b => b.Levels is null ? ("levels", "required: the levels in order") : null,
                    b => grains.GetGrain<IPlanGrain>(planId).SetApprovalLevels(b.Levels!, b.Reason ?? "", CurrentActor.From(context))))
            .Accepts<LevelsRequest>("application/json").RequireAuthorization(Policies.Administer)
            .WithSummary("Set the approval levels a department's round passes (admin)");
        plan.MapPut("/round/rules", async (string planId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                await Set<RulesRequest>(context, json, b => b.Rules is null ? ("rules", "required: the rules (an empty list for none)") : null,
                    b => grains.GetGrain<IPlanGrain>(planId).SetQualityRules(b.Rules!, b.Reason ?? "", CurrentActor.From(context))))
            .Accepts<RulesRequest>("application/json").RequireAuthorization(Policies.Administer)
            .WithSummary("Set the data-quality rules (admin)");
        plan.MapPut("/round/window", async (string planId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                await Set<WindowRequest>(context, json, b => b.OpensAfterPeriodEndDays is null ? ("opensAfterPeriodEndDays", "required: days after the period ends") : null,
                    b => grains.GetGrain<IPlanGrain>(planId).SetReportingWindow(
                        new ReportingWindow(b.OpensAfterPeriodEndDays!.Value, b.ClosesAfterDeadlineDays), b.Reason ?? "", CurrentActor.From(context))))
            .Accepts<WindowRequest>("application/json").RequireAuthorization(Policies.Administer)
            .WithSummary("Set when entry opens and closes (admin); closesAfterDeadlineDays null keeps entry open");

        plan.MapPost("/departments/{department}/rounds/{period}", async (string planId, string department, string period, HttpContext context,
                IGrainFactory grains, IOptions<JsonOptions> json) =>
            {
                var (body, problem) = await Problems.ReadJson<RoundStepRequest>(context.Request, json.Value.SerializerOptions);
                if (problem is not null)
                    return problem;
                var validated = body!.ToCommand(period);
                if (validated.Command is not { } step)
                    return Problems.Field(StatusCodes.Status400BadRequest, validated.Field!, validated.Message!);
                var answer = await grains.GetGrain<IDepartmentGrain>(PlanKeys.Department(planId, department)).TakeRoundStep(step, CurrentActor.From(context));
                return answer.Refusal is { } refusal ? Problems.From(refusal) : Results.Ok(answer);
            })
            .Accepts<RoundStepRequest>("application/json").RequireAuthorization(Policies.RoundStep)
            .WithSummary("Submit, approve, send back or withdraw the approval of a department's round (department × period), in one transaction");
        plan.MapPost("/indicators/{code}/round", async (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
            {
                var (body, problem) = await Problems.ReadJson<RoundStepRequest>(context.Request, json.Value.SerializerOptions);
                if (problem is not null)
                    return problem;
                var validated = body!.ToCommand();
                if (validated.Command is not { } step)
                    return Problems.Field(StatusCodes.Status400BadRequest, validated.Field!, validated.Message!);
                var result = await grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code)).Step(step, CurrentActor.From(context));
                return result.Refusal is { } refusal ? Problems.From(refusal)
                    : result.Appended ? Results.Created((string?)null, new CommandAnswer(code, result.Version, true))
                    : Results.Ok(new CommandAnswer(code, result.Version, false));
            })
            .Accepts<RoundStepRequest>("application/json").RequireAuthorization(Policies.RoundStep)
            .WithSummary("A round's step for one figure: send it back with a message, approve it, submit it, withdraw its approval");
        plan.MapPost("/indicators/{code}/window-exceptions", async (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
            {
                var (body, problem) = await Problems.ReadJson<WindowExceptionRequest>(context.Request, json.Value.SerializerOptions);
                if (problem is not null)
                    return problem;
                var validated = body!.ToCommand();
                if (validated.Command is not { } command)
                    return Problems.Field(StatusCodes.Status400BadRequest, validated.Field!, validated.Message!);
                var (key, keyProblem) = CommandEndpoints.RetryKey(context);
                if (keyProblem is not null)
                    return keyProblem;
                var result = await grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code))
                    .OpenException(command, CurrentActor.From(context), RetryKey.Of(key, Operations.OpenWindowException, command));
                return result.Refusal is { } refusal ? Problems.From(refusal)
                    : result.Appended ? Results.Created((string?)null, new CommandAnswer(code, result.Version, true))
                    : Results.Ok(new CommandAnswer(code, result.Version, false));
            })
            .Accepts<WindowExceptionRequest>("application/json").RequireAuthorization(Policies.Verify)
            .WithSummary("Reopen entry for one item and period after its window closed, until an instant, with a reason (reviewer)");

        plan.MapGet("/rounds/{period}", async (string planId, string period, string? asOf, string? department, string? level, RoundState? state,
                HttpContext context, PlanEventReader reader, IGrainFactory grains, IDocumentStore store,
                [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
            {
                if (!Period.TryParse(period, out var round, out var periodError))
                    return Problems.Field(StatusCodes.Status400BadRequest, "period", periodError);
                if (asOf is not null && Past(context, asOf) is { } problem)
                    return problem;
                var (at, states, policy) = await StatesAt(planId, asOf, reader, grains, store, clock, ct);
                var lines = RoundBoard.Lines(states, policy, round, at);
                var shown = lines.Where(l => (department is null || l.Department == department) && (level is null || l.Awaiting == level)
                    && (state is null || l.State == state)).ToList();
                // What the caller may do now; nothing in a view of the past.
                var actor = CurrentActor.From(context);
                var present = asOf is null;
                return Results.Ok(new RoundBoardAnswer(planId, round.ToString(), at, policy, shown,
                    RoundBoard.Completion(lines.Where(l => department is null || l.Department == department), round),
                    present ? RoundBoard.ActsOn(shown, policy, planId, actor) : [],
                    present ? RoundBoard.Submits(shown, states, planId, actor, PlanClock.Today(at)) : []));
            })
            .WithSummary("The round of a period: each figure's place in time and in the approvals, rules broken, explanations, and each department's completion (报送率); filter by department, level awaited or state (the approval queue: state=Awaiting&level=…; sent back: state=SentBack&department=…); asOf for the past");
        plan.MapGet("/validation", async (string planId, string? asOf, string? period, HttpContext context, PlanEventReader reader, IGrainFactory grains,
                IDocumentStore store, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
            {
                Period? only = null;
                if (period is not null)
                {
                    if (!Period.TryParse(period, out var p, out var periodError))
                        return Problems.Field(StatusCodes.Status400BadRequest, "period", periodError);
                    only = p;
                }
                if (asOf is not null && Past(context, asOf) is { } problem)
                    return problem;
                var (at, states, policy) = await StatesAt(planId, asOf, reader, grains, store, clock, ct);
                var rounds = only is { } single ? [single] : Months(states);
                var findings = rounds.SelectMany(r => RoundBoard.Lines(states, policy, r, at).SelectMany(l => l.Findings))
                    .DistinctBy(f => (f.Rule, f.Indicator, f.Period)).OrderBy(f => f.Period).ThenBy(f => f.Indicator, StringComparer.Ordinal).ToList();
                return Results.Ok(new ValidationAnswer(planId, at, policy.Rules.Length, findings));
            })
            .WithSummary("Every data-quality rule broken by the figures standing now, or as of an instant (the validation run)");
    }

    // Every month of the plan's year: each item's own period ends with one of them.
    private static IReadOnlyList<Period> Months(IReadOnlyList<IndicatorState> states) =>
        states.Select(s => s.Definition?.PlanYear).OfType<int>().Distinct().SelectMany(y => Enumerable.Range(1, 12).Select(m => Period.Month(y, m))).ToList();

    private static IResult? Past(HttpContext context, string asOf) =>
        !Visibility.May(context.User, Reading.Past)
            ? Problems.Field(StatusCodes.Status403Forbidden, "role", "reading the past (asOf) needs the auditor, reviewer or admin role")
            : !PlanClock.TryParseInstant(asOf, out _)
                ? Problems.Field(StatusCodes.Status400BadRequest, "asOf", $"'{asOf}' is not an instant: use 2024-07-15 or 2024-07-15T10:00:00+08:00")
                : null;

    // The plan's items as stored now, or folded from the events known at an instant, with the policy in force then.
    private static async Task<(DateTimeOffset At, IReadOnlyList<IndicatorState> States, RoundPolicy Policy)> StatesAt(
        string planId, string? asOf, PlanEventReader reader, IGrainFactory grains, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        if (asOf is null)
        {
            await using var session = store.QuerySession();
            var now = (await session.Query<IndicatorDocument>().Where(d => d.PlanId == planId).ToListAsync(ct)).Select(d => d.State).ToList();
            var current = await grains.GetGrain<IPlanGrain>(planId).RoundPolicy();
            return (clock.GetUtcNow(), await LastYears.Attach(session, now, current, ct), current);
        }
        PlanClock.TryParseInstant(asOf, out var at);
        var states = await KnownAt(planId, at, reader, ct);
        var policy = await PolicyAt(planId, at, reader, grains, ct);
        // 上年同期 as it was known then too: the previous plan's items folded from the events known at the same instant.
        var wanted = LastYears.Wanted(states, policy);
        var previous = new Dictionary<string, IndicatorState>(StringComparer.Ordinal);
        foreach (var plan in wanted.Select(k => PlanKeys.Split(k).PlanId).Distinct())
            foreach (var before in await KnownAt(plan, at, reader, ct))
                previous[PlanKeys.Item(plan, before.Definition!.Code)] = before;
        return (at, LastYears.With(states, policy, previous), policy);
    }

    private static async Task<IReadOnlyList<IndicatorState>> KnownAt(string planId, DateTimeOffset at, PlanEventReader reader, CancellationToken ct) =>
        (await reader.KnownAt(planId, at, ct)).GroupBy(e => e.Stream)
            .Select(g => IndicatorState.From(g.OrderBy(e => e.Version).Select(e => (e.Data, e.RecordedAt))))
            .Where(s => s.IsDefined).ToList();

    private static async Task<RoundPolicy> PolicyAt(string planId, DateTimeOffset at, PlanEventReader reader, IGrainFactory grains, CancellationToken ct)
    {
        var graceDays = (await grains.GetGrain<IPlanGrain>(planId).RoundPolicy()).GraceDays;
        var plan = PlanState.From((await reader.Stream(planId, ct)).Where(e => e.RecordedAt <= at).OrderBy(e => e.Version).Select(e => e.Data));
        return plan.Round with { GraceDays = graceDays };
    }

    private static async Task<IResult> Set<T>(HttpContext context, IOptions<JsonOptions> json, Func<T, (string Field, string Message)?> check, Func<T, Task<Refusal?>> send)
        where T : class
    {
        var (body, problem) = await Problems.ReadJson<T>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        if (check(body!) is { } missing)
            return Problems.Field(StatusCodes.Status400BadRequest, missing.Field, missing.Message);
        return await send(body!) is { } refusal ? Problems.From(refusal) : Results.NoContent();
    }
}
