using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Reporting;

public static class ReportingEndpoints
{
    public static void MapReporting(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/plans/{planId}/indicators/{code}").WithTags("Reporting");

        group.MapPost("/reports", Report)
            .Accepts<ReportRequest>("application/json")
            .WithSummary("Report a figure for a period (idempotent on reportId)")
            .WithDescription("Answers after the event is committed, with the indicator's new stream version.");

        group.MapGet("/figures", Figures)
            .WithSummary("The figure standing for each period, and the target in force");
    }

    private static async Task<IResult> Report(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (body, problem) = await Problems.ReadJson<ReportRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        var (command, field, message) = body!.ToCommand();
        if (command is null)
            return Problems.Field(StatusCodes.Status400BadRequest, field!, message!);

        var result = await grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code))
            .Report(command, CurrentActor.From(context));
        if (result.Refusal is { } refusal)
            return Problems.From(refusal);
        var answer = new { indicator = code, period = command.Period.ToString(), version = result.Version, appended = result.Appended };
        return result.Appended
            ? TypedResults.Created($"/api/plans/{planId}/indicators/{code}/figures", answer)
            : TypedResults.Ok(answer);
    }

    private static async Task<IResult> Figures(string planId, string code, IGrainFactory grains)
    {
        var snapshot = await grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code)).GetSnapshot();
        return snapshot is null
            ? Problems.Field(StatusCodes.Status404NotFound, "code", $"no indicator '{code}' in plan '{planId}'")
            : TypedResults.Ok(snapshot);
    }
}
