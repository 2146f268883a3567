using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Reporting;

/// <summary>Commands and reads of indicators and tasks. Every command answers after its event is committed.</summary>
public static class ReportingEndpoints
{
    public static void MapReporting(this IEndpointRouteBuilder app)
    {
        var indicator = app.MapGroup("/api/plans/{planId}/indicators/{code}").WithTags("Reporting");
        indicator.MapPost("/reports", (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                Send<ReportRequest, Domain.Indicators.ReportValue>(context, json, (c, a) => Indicator(grains, planId, code).Report(c, a), code))
            .Accepts<ReportRequest>("application/json")
            .RequireAuthorization(Policies.ReportOwn)
            .WithSummary("Report a figure for a period (idempotent on reportId)");
        indicator.MapPost("/corrections", (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                Send<CorrectionRequest, Domain.Indicators.CorrectValue>(context, json, (c, a) => Indicator(grains, planId, code).Correct(c, a), code))
            .Accepts<CorrectionRequest>("application/json")
            .RequireAuthorization(Policies.CorrectItem)
            .WithSummary("Correct the figure standing for a period, with a reason");
        indicator.MapPost("/retractions", (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                Send<RetractionRequest, Domain.Indicators.RetractValue>(context, json, (c, a) => Indicator(grains, planId, code).Retract(c, a), code))
            .Accepts<RetractionRequest>("application/json")
            .RequireAuthorization(Policies.ReportOwn)
            .WithSummary("Retract the figure standing for a period, with a reason");
        indicator.MapPost("/verifications", (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                Send<VerificationRequest, Domain.Indicators.VerifyValue>(context, json, (c, a) => Indicator(grains, planId, code).Verify(c, a), code))
            .Accepts<VerificationRequest>("application/json")
            .RequireAuthorization(Policies.Verify)
            .WithSummary("Verify the figure standing for a period (reviewer)");
        indicator.MapPost("/target-adjustments", (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                Send<TargetAdjustmentRequest, Domain.Indicators.AdjustTarget>(context, json, (c, a) => Indicator(grains, planId, code).AdjustTarget(c, a), code))
            .Accepts<TargetAdjustmentRequest>("application/json")
            .RequireAuthorization(Policies.AdjustTarget)
            .WithSummary("Adjust the target from a date, with reason and legal basis (reviewer, admin)");
        indicator.MapGet("/figures", async (string planId, string code, IGrainFactory grains) =>
                await Indicator(grains, planId, code).GetSnapshot() is { } snapshot ? Results.Ok(snapshot) : NoIndicator(planId, code))
            .WithSummary("The figure standing for each period, and the target in force");
        indicator.MapGet("/status", async (string planId, string code, IGrainFactory grains) =>
                await Indicator(grains, planId, code).GetStatus() is { } status ? Results.Ok(status) : NoIndicator(planId, code))
            .WithSummary("Latest figure against target and 序时进度, with the reporting calendar");

        var task = app.MapGroup("/api/plans/{planId}/tasks/{code}").WithTags("Reporting");
        task.MapPost("/progress", (string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
                Send<TaskProgressRequest, Domain.Tasks.ReportTaskProgress>(context, json,
                    (c, a) => grains.GetGrain<ITaskGrain>(PlanKeys.Item(planId, code)).ReportProgress(c, a), code))
            .Accepts<TaskProgressRequest>("application/json")
            .RequireAuthorization(Policies.ReportOwn)
            .WithSummary("Report progress on a task: status, narrative, evidence links");
        task.MapGet("/status", async (string planId, string code, IGrainFactory grains) =>
                await grains.GetGrain<ITaskGrain>(PlanKeys.Item(planId, code)).GetStatus() is { } status
                    ? Results.Ok(status)
                    : Problems.Field(StatusCodes.Status404NotFound, "code", $"no task '{code}' in plan '{planId}'"))
            .WithSummary("A task's status");
    }

    private static IIndicatorGrain Indicator(IGrainFactory grains, string planId, string code) =>
        grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code));

    private static IResult NoIndicator(string planId, string code) =>
        Problems.Field(StatusCodes.Status404NotFound, "code", $"no indicator '{code}' in plan '{planId}'");

    /// <summary>Reads and validates the body, sends the command, and answers 201 (appended), 200 (already done) or a problem.</summary>
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

        var result = await send(command, CurrentActor.From(context));
        if (result.Refusal is { } refusal)
            return Problems.From(refusal);
        var answer = new { item = code, version = result.Version, appended = result.Appended };
        return result.Appended ? TypedResults.Created((string?)null, answer) : TypedResults.Ok(answer);
    }
}
