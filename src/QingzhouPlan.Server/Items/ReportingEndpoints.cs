using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Items;

/// <summary>Commands and reads of indicators and tasks. Every command answers after its event is committed.</summary>
public static class ReportingEndpoints
{
    public static void MapReporting(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/plans/{planId}/report-batches", ReportBatches.Commit).Accepts<ReportBatchRequest>("application/json")
            .RequireAuthorization(Policies.ReportOwn).WithMetadata(new RouteBodyLimit(ReportBatches.MaxBytes)).WithTags("Reporting")
            .WithSummary($"Report many figures at once (at most {ReportBatches.MaxReports}): each as a single report, with its own answer");

        var indicator = app.MapGroup("/api/plans/{planId}/indicators/{code}").WithTags("Reporting");
        indicator.MapPost("/reports", CommandEndpoints.Report).Accepts<ReportRequest>("application/json").RequireAuthorization(Policies.ReportOwn)
            .WithSummary("Report a figure for a period (idempotent on reportId)");
        indicator.MapPost("/corrections", CommandEndpoints.Correct).Accepts<CorrectionRequest>("application/json").RequireAuthorization(Policies.CorrectItem)
            .WithSummary("Correct the figure standing for a period, with a reason");
        indicator.MapPost("/retractions", CommandEndpoints.Retract).Accepts<RetractionRequest>("application/json").RequireAuthorization(Policies.ReportOwn)
            .WithSummary("Retract the figure standing for a period, with a reason");
        indicator.MapPost("/verifications", CommandEndpoints.Verify).Accepts<VerificationRequest>("application/json").RequireAuthorization(Policies.Verify)
            .WithSummary("Verify the figure standing for a period (reviewer)");
        indicator.MapPost("/target-adjustments", CommandEndpoints.AdjustTarget).Accepts<TargetAdjustmentRequest>("application/json")
            .RequireAuthorization(Policies.AdjustTarget)
            .WithSummary("Adjust the target from a date, with reason and legal basis (reviewer, admin)");
        indicator.MapGet("/figures", async (string planId, string code, IGrainFactory grains) =>
                await Indicator(grains, planId, code).GetFigures() is { } snapshot ? Results.Ok(snapshot) : NoIndicator(planId, code))
            .WithSummary("The figure standing for each period, and the target in force");
        indicator.MapGet("/status", Status)
            .WithSummary("Latest figure against target and 序时进度, with the reporting calendar");
        indicator.MapGet("/permissions", async (string planId, string code, HttpContext context, IGrainFactory grains) =>
                Results.Ok(new ItemPermissions(code, await Indicator(grains, planId, code).Permissions(CurrentActor.From(context)))))
            .WithSummary("What the signed-in user may do to the indicator today (every role they hold), as the indicator itself decides it");

        var task = app.MapGroup("/api/plans/{planId}/tasks/{code}").WithTags("Reporting");
        task.MapPost("/progress", CommandEndpoints.ReportProgress).Accepts<TaskProgressRequest>("application/json").RequireAuthorization(Policies.ReportOwn)
            .WithSummary("Report progress on a task: status, narrative, evidence links (idempotent on progressId)");
        task.MapGet("/status", async (string planId, string code, IGrainFactory grains) =>
                await grains.GetGrain<ITaskGrain>(PlanKeys.Item(planId, code)).GetStatus() is { } status
                    ? Results.Ok(status)
                    : Problems.Field(StatusCodes.Status404NotFound, "code", $"no task '{code}' in plan '{planId}'"))
            .WithSummary("A task's status");
        task.MapGet("/permissions", async (string planId, string code, HttpContext context, IGrainFactory grains) =>
                Results.Ok(new ItemPermissions(code, await grains.GetGrain<ITaskGrain>(PlanKeys.Item(planId, code)).Permissions(CurrentActor.From(context)))))
            .WithSummary("What the signed-in user may do to the task today");
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
        if (!Visibility.May(context.User, Reading.Past))
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

}
