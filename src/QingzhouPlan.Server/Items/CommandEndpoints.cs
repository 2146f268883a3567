using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// The commands to plan items, one handler each: read and check the body, bind the client's retry key to the
/// command under the operation's stable name, send both to the item's grain as the caller, and answer 201
/// (recorded), 200 (already recorded) or the item's refusal. Who may write is the item's decision, not the route's.
/// </summary>
public static class CommandEndpoints
{
    public static Task<Results<Created<CommandAnswer>, Ok<CommandAnswer>, ProblemHttpResult>> Report(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Handle<ReportRequest, Domain.Indicators.ReportValue>(code, context, json, Operations.ReportValue,
            (c, key) => Indicator(grains, planId, code).Report(c, CurrentActor.From(context), key, null));

    public static Task<Results<Created<CommandAnswer>, Ok<CommandAnswer>, ProblemHttpResult>> Correct(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Handle<CorrectionRequest, Domain.Indicators.CorrectValue>(code, context, json, Operations.CorrectValue,
            (c, key) => Indicator(grains, planId, code).Correct(c, CurrentActor.From(context), key));

    public static Task<Results<Created<CommandAnswer>, Ok<CommandAnswer>, ProblemHttpResult>> Retract(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Handle<RetractionRequest, Domain.Indicators.RetractValue>(code, context, json, Operations.RetractValue,
            (c, key) => Indicator(grains, planId, code).Retract(c, CurrentActor.From(context), key));

    public static Task<Results<Created<CommandAnswer>, Ok<CommandAnswer>, ProblemHttpResult>> Verify(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Handle<VerificationRequest, Domain.Indicators.VerifyValue>(code, context, json, Operations.VerifyValue,
            (c, key) => Indicator(grains, planId, code).Verify(c, CurrentActor.From(context), key));

    public static Task<Results<Created<CommandAnswer>, Ok<CommandAnswer>, ProblemHttpResult>> AdjustTarget(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Handle<TargetAdjustmentRequest, Domain.Indicators.AdjustTarget>(code, context, json, Operations.AdjustTarget,
            (c, key) => Indicator(grains, planId, code).AdjustTarget(c, CurrentActor.From(context), key));

    public static Task<Results<Created<CommandAnswer>, Ok<CommandAnswer>, ProblemHttpResult>> ReportProgress(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Handle<TaskProgressRequest, Domain.Tasks.ReportTaskProgress>(code, context, json, Operations.ReportTaskProgress,
            (c, key) => grains.GetGrain<ITaskGrain>(PlanKeys.Item(planId, code)).ReportProgress(c, CurrentActor.From(context), key));

    /// <summary>The client's Idempotency-Key header, if it sent one, or the problem with it.</summary>
    public static (string? Key, ProblemHttpResult? Problem) RetryKey(HttpContext context)
    {
        if (!context.Request.Headers.TryGetValue(Items.RetryKey.Header, out var values))
            return (null, null);
        var key = values.ToString();
        return Items.RetryKey.Check(key) is { } problem
            ? (null, Problems.Field(StatusCodes.Status400BadRequest, Items.RetryKey.Header, problem))
            : (key, null);
    }

    private static IIndicatorGrain Indicator(IGrainFactory grains, string planId, string code) =>
        grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code));

    private static async Task<Results<Created<CommandAnswer>, Ok<CommandAnswer>, ProblemHttpResult>> Handle<TRequest, TCommand>(
        string code, HttpContext context, IOptions<JsonOptions> json, string operation, Func<TCommand, RetryKey?, Task<CommandResult>> send)
        where TRequest : class, ICommandRequest<TCommand>
        where TCommand : class
    {
        var (body, problem) = await Problems.ReadJson<TRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        var validated = body!.ToCommand();
        if (validated.Command is not { } command)
            return Problems.Field(StatusCodes.Status400BadRequest, validated.Field!, validated.Message!);
        var (key, keyProblem) = RetryKey(context);
        if (keyProblem is not null)
            return keyProblem;

        var result = await send(command, Items.RetryKey.Of(key, operation, command));
        if (result.Refusal is { } refusal)
            return Problems.From(refusal);
        var answer = new CommandAnswer(code, result.Version, result.Appended);
        return result.Appended ? TypedResults.Created((string?)null, answer) : TypedResults.Ok(answer);
    }
}

/// <summary>The answer to a command: the item, its stream version after the command, and whether anything was recorded.</summary>
public sealed record CommandAnswer(string Item, long Version, bool Appended);
