using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// 机构改革 without rewriting the past: departments added, renamed, merged; items moved one by one or a
/// department's all at once — each dated and with its basis (文件号). And closing a plan year.
/// </summary>
public static class ReorganisationEndpoints
{
    public static void MapReorganisation(this IEndpointRouteBuilder app)
    {
        var plan = app.MapGroup("/api/plans/{planId}").WithTags("Departments");
        plan.MapPost("/departments", AddDepartment).Accepts<DepartmentRequest>("application/json").RequireAuthorization(Policies.Reorganise)
            .WithSummary("Add a department from a date, with the basis (reviewer, admin)");
        plan.MapPost("/departments/{department}/renames", RenameDepartment).Accepts<DepartmentRequest>("application/json").RequireAuthorization(Policies.Reorganise)
            .WithSummary("Rename a department from a date; earlier periods keep the old name (reviewer, admin)");
        plan.MapPost("/departments/{department}/merges", MergeDepartment).Accepts<MoveRequest>("application/json").RequireAuthorization(Policies.Reorganise)
            .WithSummary("Merge a department into another from a date: it ceases, and every item it owns then moves (reviewer, admin)");
        plan.MapPost("/departments/{department}/reassignments", MoveDepartmentItems).Accepts<MoveRequest>("application/json").RequireAuthorization(Policies.Reorganise)
            .WithSummary("Move every item a department owns on a date to another department from that date (reviewer, admin)");
        plan.MapPost("/indicators/{code}/owner-reassignments", ReassignIndicator).Accepts<OwnerRequest>("application/json").RequireAuthorization(Policies.Reorganise)
            .WithSummary("Move one indicator to another department from a date, with the basis (reviewer, admin)");
        plan.MapPost("/tasks/{code}/owner-reassignments", ReassignTask).Accepts<OwnerRequest>("application/json").RequireAuthorization(Policies.Reorganise)
            .WithSummary("Move one task to another department from a date, with the basis (reviewer, admin)");
        plan.MapPost("/close", ClosePlan).Accepts<CloseRequest>("application/json").RequireAuthorization(Policies.Administer)
            .WithSummary("Close the plan year: afterwards only reviewers' corrections with a reason change its figures (admin)");
    }

    private static Task<Results<Ok<object>, ProblemHttpResult>> AddDepartment(string planId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Reorganise<DepartmentRequest>(planId, context, grains, json, r => r.Code is null
            ? Validated<ReorganisePlan>.Fail("code", "required: the new department's code")
            : Command(ReorganisationKind.Add, r.Code, r.Name, [], r));

    private static Task<Results<Ok<object>, ProblemHttpResult>> RenameDepartment(
        string planId, string department, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Reorganise<DepartmentRequest>(planId, context, grains, json, r => Command(ReorganisationKind.Rename, department, r.Name, [], r));

    private static Task<Results<Ok<object>, ProblemHttpResult>> MergeDepartment(
        string planId, string department, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Reorganise<MoveRequest>(planId, context, grains, json, r => r.Into is null
            ? Validated<ReorganisePlan>.Fail("into", "required: the department it merges into")
            : Command(ReorganisationKind.Merge, r.Into, null, [department], r));

    private static Task<Results<Ok<object>, ProblemHttpResult>> MoveDepartmentItems(
        string planId, string department, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        Reorganise<MoveRequest>(planId, context, grains, json, r => r.Into is null
            ? Validated<ReorganisePlan>.Fail("into", "required: the department the items move to")
            : Command(ReorganisationKind.MoveItems, r.Into, null, [department], r));

    private static async Task<Results<Ok<object>, ProblemHttpResult>> ReassignIndicator(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        await Reassign(planId, context, grains, json, (command, actor, key) => grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code)).Reassign(command, actor, key));

    private static async Task<Results<Ok<object>, ProblemHttpResult>> ReassignTask(
        string planId, string code, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json) =>
        await Reassign(planId, context, grains, json, (command, actor, key) => grains.GetGrain<ITaskGrain>(PlanKeys.Item(planId, code)).Reassign(command, actor, key));

    private static async Task<Results<Ok<object>, ProblemHttpResult>> ClosePlan(
        string planId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (body, problem) = await Problems.ReadJson<CloseRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        return await grains.GetGrain<IPlanGrain>(planId).Close(body!.Reason ?? "", CurrentActor.From(context)) is { } refusal
            ? Problems.From(refusal)
            : TypedResults.Ok<object>(new { plan = planId, closed = true });
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> Reassign(
        string planId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json, Func<ReassignOwner, ActedBy, RetryKey?, Task<CommandResult>> send)
    {
        var (body, problem) = await Problems.ReadJson<OwnerRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        if (body!.Department is null || body.EffectiveFrom is null)
            return Problems.Field(StatusCodes.Status400BadRequest, body.Department is null ? "department" : "effectiveFrom", "required");
        if (!(await grains.GetGrain<IPlanGrain>(planId).Departments(body.EffectiveFrom)).Contains(body.Department))
            return Problems.Field(StatusCodes.Status400BadRequest, "department",
                $"'{body.Department}' is not a department of plan '{planId}' on {body.EffectiveFrom:yyyy-MM-dd}");
        var (key, keyProblem) = CommandEndpoints.RetryKey(context);
        if (keyProblem is not null)
            return keyProblem;
        var command = new ReassignOwner(body.Department, body.EffectiveFrom.Value, body.Basis ?? "", body.Reason);
        var result = await send(command, CurrentActor.From(context), RetryKey.Of(key, Operations.ReassignOwner, command));
        return result.Refusal is { } refusal
            ? Problems.From(refusal)
            : TypedResults.Ok<object>(new { version = result.Version, appended = result.Appended });
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> Reorganise<TRequest>(
        string planId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json, Func<TRequest, Validated<ReorganisePlan>> toCommand)
        where TRequest : class
    {
        var (body, problem) = await Problems.ReadJson<TRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        var validated = toCommand(body!);
        if (validated.Command is not { } command)
            return Problems.Field(StatusCodes.Status400BadRequest, validated.Field!, validated.Message!);
        return await grains.GetGrain<IPlanGrain>(planId).Reorganise(command, CurrentActor.From(context)) is { } refusal
            ? Problems.From(refusal)
            : TypedResults.Ok<object>(new { plan = planId, command.Kind, command.Department, command.EffectiveFrom });
    }

    private static Validated<ReorganisePlan> Command(ReorganisationKind kind, string department, string? name, IReadOnlyList<string> merged, IDatedRequest request) =>
        request.EffectiveFrom is not { } from
            ? Validated<ReorganisePlan>.Fail("effectiveFrom", "required: the date it takes effect (yyyy-MM-dd)")
            : new(new ReorganisePlan(kind, department, name, merged, from, request.Basis ?? "", request.Reason));
}

public interface IDatedRequest
{
    DateOnly? EffectiveFrom { get; }

    string? Basis { get; }

    string? Reason { get; }
}

public sealed record DepartmentRequest(string? Code, string? Name, DateOnly? EffectiveFrom, string? Basis, string? Reason) : IDatedRequest;

public sealed record MoveRequest(string? Into, DateOnly? EffectiveFrom, string? Basis, string? Reason) : IDatedRequest;

public sealed record OwnerRequest(string? Department, DateOnly? EffectiveFrom, string? Basis, string? Reason);

public sealed record CloseRequest(string? Reason);
