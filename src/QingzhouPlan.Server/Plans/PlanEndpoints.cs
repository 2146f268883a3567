using Marten;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Plans;

/// <summary>Read API over the plan as loaded: plans, chapters, departments, indicators and tasks.</summary>
public static class PlanEndpoints
{
    public static void MapPlans(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/units", () => TypedResults.Ok(Domain.Units.UnitCatalogue.Units.OrderBy(u => u.Dimension).ThenBy(u => u.Factor)))
            .WithTags("Plans")
            .WithSummary("The units catalogue: each unit's dimension and factor to the dimension's base unit");

        var plans = app.MapGroup("/api/plans").WithTags("Plans");
        plans.MapGet("/", async (IQuerySession session, CancellationToken ct) =>
                TypedResults.Ok(await session.Query<PlanView>().OrderBy(p => p.Year).ToListAsync(ct)))
            .WithSummary("Every plan in the store");
        plans.MapGet("/{planId}", async (string planId, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<PlanView>(planId, ct) is { } plan ? Results.Ok(plan) : PlanNotFound(planId))
            .WithSummary("One plan's header, departments and chapters");
        plans.MapGet("/{planId}/chapters", async (string planId, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<PlanView>(planId, ct) is { } plan ? Results.Ok(plan.Chapters) : PlanNotFound(planId))
            .WithSummary("The plan's chapters: 目标 (主要预期目标) and 一 … 九");
        plans.MapGet("/{planId}/departments", async (string planId, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<PlanView>(planId, ct) is { } plan ? Results.Ok(plan.Departments) : PlanNotFound(planId))
            .WithSummary("The departments that own the plan's items");
        plans.MapGet("/{planId}/indicators", ListIndicators)
            .WithSummary("Indicators with targets, baselines and source clauses; filter by chapter, department, measure or text");
        plans.MapGet("/{planId}/indicators/{code}", async (string planId, string code, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<IndicatorView>(Domain.Plans.PlanKeys.Item(planId, code), ct) is { } view
                    ? Results.Ok(view)
                    : Problems.Field(StatusCodes.Status404NotFound, "code", $"no indicator '{code}' in plan '{planId}'"))
            .WithSummary("One indicator");
        plans.MapGet("/{planId}/tasks", ListTasks)
            .WithSummary("Qualitative tasks with owner and source clause; filter by chapter, department or text");
        plans.MapGet("/{planId}/seed-differences", (string planId, SeedDifferenceLog log) =>
                log.For(planId) is { } found ? Results.Ok(new { plan = planId, differences = found }) : PlanNotFound(planId))
            .RequireAuthorization(Access.Policies.Audit)
            .WithSummary("How the seed file differs from the plan in the store, as found at the last start");
    }

    private static async Task<IResult> ListIndicators(
        string planId, string? chapter, string? department, MeasureKind? measure, string? q,
        IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<IndicatorView>().Where(i => i.PlanId == planId);
        if (!string.IsNullOrEmpty(chapter))
            query = query.Where(i => i.Chapter == chapter);
        if (!string.IsNullOrEmpty(department))
            query = query.Where(i => i.OwnerDepartment == department);
        if (measure is { } m)
            query = query.Where(i => i.Measure == m);
        if (!string.IsNullOrEmpty(q))
            query = query.Where(i => i.Name.Contains(q) || i.Source.Contains(q));
        return TypedResults.Ok(await query.OrderBy(i => i.Code).ToListAsync(ct));
    }

    private static async Task<IResult> ListTasks(
        string planId, string? chapter, string? department, string? q, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<TaskView>().Where(t => t.PlanId == planId);
        if (!string.IsNullOrEmpty(chapter))
            query = query.Where(t => t.Chapter == chapter);
        if (!string.IsNullOrEmpty(department))
            query = query.Where(t => t.OwnerDepartment == department);
        if (!string.IsNullOrEmpty(q))
            query = query.Where(t => t.Text.Contains(q) || t.Source.Contains(q));
        return TypedResults.Ok(await query.OrderBy(t => t.Code).ToListAsync(ct));
    }

    private static IResult PlanNotFound(string planId) =>
        Problems.Field(StatusCodes.Status404NotFound, "planId", $"no plan '{planId}' in the store");
}
