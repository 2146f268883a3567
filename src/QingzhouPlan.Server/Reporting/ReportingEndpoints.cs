using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Reporting;

/// <summary>Commands and reads of indicators and tasks. Every command answers after its event is committed.</summary>
public static class ReportingEndpoints
{
    public static void MapReporting(this IEndpointRouteBuilder app)
    {
        var indicator = app.MapGroup("/api/plans/{planId}/indicators/{code}").WithTags("Reporting");
        MapCommand<ReportRequest, ReportValue>(indicator, "/reports", Policies.ReportOwn,
            "Report a figure for a period (idempotent on reportId)", (g, c, a) => g.GetGrain<IIndicatorGrain>(Key(c)).Report(c.Command, a));
        MapCommand<CorrectionRequest, CorrectValue>(indicator, "/corrections", Policies.CorrectItem,
            "Correct the figure standing for a period, with a reason", (g, c, a) => g.GetGrain<IIndicatorGrain>(Key(c)).Correct(c.Command, a));
        MapCommand<RetractionRequest, RetractValue>(indicator, "/retractions", Policies.ReportOwn,
            "Retract the figure standing for a period, with a reason", (g, c, a) => g.GetGrain<IIndicatorGrain>(Key(c)).Retract(c.Command, a));
        MapCommand<VerificationRequest, VerifyValue>(indicator, "/verifications", Policies.Verify,
            "Verify the figure standing for a period (reviewer)", (g, c, a) => g.GetGrain<IIndicatorGrain>(Key(c)).Verify(c.Command, a));
        MapCommand<TargetAdjustmentRequest, AdjustTarget>(indicator, "/target-adjustments", Policies.AdjustTarget,
            "Adjust the target from a date, with reason and legal basis (reviewer, admin)", (g, c, a) => g.GetGrain<IIndicatorGrain>(Key(c)).AdjustTarget(c.Command, a));
        indicator.MapGet("/figures", async (string planId, string code, IGrainFactory grains) =>
                await Indicator(grains, planId, code).GetSnapshot() is { } snapshot ? Results.Ok(snapshot) : NoIndicator(planId, code))
            .WithSummary("The figure standing for each period, and the target in force");
        indicator.MapGet("/status", Status)
            .WithSummary("Latest figure against target and 序时进度, with the reporting calendar");

        var task = app.MapGroup("/api/plans/{planId}/tasks/{code}").WithTags("Reporting");
        MapCommand<TaskProgressRequest, ReportTaskProgress>(task, "/progress", Policies.ReportOwn,
            "Report progress on a task: status, narrative, evidence links (idempotent on progressId)", (g, c, a) => g.GetGrain<ITaskGrain>(Key(c)).ReportProgress(c.Command, a));
        task.MapGet("/status", async (string planId, string code, IGrainFactory grains) =>
                await grains.GetGrain<ITaskGrain>(PlanKeys.Item(planId, code)).GetStatus() is { } status
                    ? Results.Ok(status)
                    : Problems.Field(StatusCodes.Status404NotFound, "code", $"no task '{code}' in plan '{planId}'"))
            .WithSummary("A task's status");
    }

    private static async Task<IResult> Status(string planId, string code, string? asOf, int? edition, HttpContext context, IGrainFactory grains,
        Audit.PlanEventReader reader, Reports.Editions editions, IOptions<ReportingOptions> options, CancellationToken ct)
    {
        try
        {
            if (asOf is null && edition is null)
                return await Indicator(grains, planId, code).GetStatus() is { } status ? Results.Ok(status) : NoIndicator(planId, code);
            return await PastStatus(planId, code, asOf, edition, context, reader, editions, options.Value.GraceDays, ct);
        }
        catch (Exception ex) when (ex is ArgumentException or ArithmeticException or InvalidOperationException)
        {
            // Its events hold something the rules cannot judge (recorded before a check existed): say so, plainly.
            return Problems.Field(StatusCodes.Status422UnprocessableEntity, "indicator", $"{code} cannot be evaluated: {ex.Message}");
        }
    }

    /// <summary>
    /// The status as it stood at an instant, or as an edition pinned it: the indicator's events known then,
    /// folded by the same state and judged by the same rules as the live status. For those who read the past.
    /// </summary>
    private static async Task<IResult> PastStatus(string planId, string code, string? asOf, int? edition, HttpContext context,
        Audit.PlanEventReader reader, Reports.Editions editions, int graceDays, CancellationToken ct)
    {
        if (!new[] { Roles.Auditor, Roles.Reviewer, Roles.Admin }.Any(context.User.IsInRole))
            return Problems.Field(StatusCodes.Status403Forbidden, "role", "reading the past (asOf, edition) needs the auditor, reviewer or admin role");
        var key = PlanKeys.Item(planId, code);
        var events = await reader.Stream(key, ct);
        DateTimeOffset at;
        if (edition is { } number)
        {
            if (await editions.Pinned(planId, number, ct) is not { } pinned)
                return Problems.Field(StatusCodes.Status404NotFound, "edition", $"no edition {number} of plan '{planId}'");
            at = pinned.PublishedAt;
            var version = pinned.Versions.GetValueOrDefault(key);
            events = events.Where(e => e.Version <= version).ToList();
        }
        else if (!PlanClock.TryParseInstant(asOf, out at))
            return Problems.Field(StatusCodes.Status400BadRequest, "asOf", $"'{asOf}' is not an instant: use 2024-07-15 or 2024-07-15T10:00:00+08:00");
        else
            events = events.Where(e => e.RecordedAt <= at).ToList();
        var state = IndicatorState.From(events.Select(e => (e.Data, e.RecordedAt)));
        return IndicatorStatus.From(key, state, at, graceDays) is { } past
            ? Results.Ok(past)
            : Problems.Field(StatusCodes.Status404NotFound, "code", $"indicator '{code}' was not known at {at:yyyy-MM-dd HH:mm}");
    }

    private static IIndicatorGrain Indicator(IGrainFactory grains, string planId, string code) =>
        grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code));

    private static IResult NoIndicator(string planId, string code) =>
        Problems.Field(StatusCodes.Status404NotFound, "code", $"no indicator '{code}' in plan '{planId}'");

    /// <summary>The client's Idempotency-Key header, if it sent one, or the problem with it.</summary>
    public static (string? Key, IResult? Problem) RetryKey(HttpContext context)
    {
        if (!context.Request.Headers.TryGetValue(CommandKey.Header, out var values))
            return (null, null);
        var key = values.ToString();
        return CommandKey.Check(key) is { } problem
            ? (null, Problems.Field(StatusCodes.Status400BadRequest, CommandKey.Header, problem))
            : (key, null);
    }

    /// <summary>A command addressed to one plan item, as the endpoint received it.</summary>
    private sealed record Addressed<TCommand>(string PlanId, string Code, TCommand Command);

    private static string Key<TCommand>(Addressed<TCommand> command) => PlanKeys.Item(command.PlanId, command.Code);

    /// <summary>
    /// POST {path}: reads and validates the body, sends the command to the item's grain as the caller, and
    /// answers 201 (appended), 200 (already done) or a problem.
    /// </summary>
    private static void MapCommand<TRequest, TCommand>(
        RouteGroupBuilder group, string path, string policy, string summary,
        Func<IGrainFactory, Addressed<TCommand>, ActedBy, Task<CommandResult>> send)
        where TRequest : class, ICommandRequest<TCommand>
        where TCommand : class =>
        group.MapPost(path, (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                Send<TRequest, TCommand>(context, json, (c, a) => send(grains, new Addressed<TCommand>(planId, code, c), a), code))
            .Accepts<TRequest>("application/json")
            .RequireAuthorization(policy)
            .WithSummary(summary);

    private static async Task<IResult> Send<TRequest, TCommand>(
        HttpContext context, IOptions<JsonOptions> json, Func<TCommand, ActedBy, Task<CommandResult>> send, string code)
        where TRequest : class, ICommandRequest<TCommand>
        where TCommand : class
    {
        var (body, problem) = await Problems.ReadJson<TRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        var validated = body!.ToCommand();
        if (validated.Command is not { } command)
            return Problems.Field(StatusCodes.Status400BadRequest, validated.Field!, validated.Message!);
        if (RetryKey(context) is { Problem: { } keyProblem })
            return keyProblem;

        CommandKey.PutInContext(RetryKey(context).Key);
        var result = await send(command, CurrentActor.From(context));
        CommandKey.PutInContext(null);
        if (result.Refusal is { } refusal)
            return Problems.From(refusal);
        var answer = new { item = code, version = result.Version, appended = result.Appended };
        return result.Appended ? TypedResults.Created((string?)null, answer) : TypedResults.Ok(answer);
    }
}
