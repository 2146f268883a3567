using QingzhouPlan.Server.Items;
using Marten;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Plans;

/// <summary>Read API over the plans as stored: plans, chapters, departments, indicators and tasks, as of the business clock's today.</summary>
public static class PlanEndpoints
{
    public static void MapPlans(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/units", () => TypedResults.Ok(Domain.Units.UnitCatalogue.Units.OrderBy(u => u.Dimension).ThenBy(u => u.Factor)))
            .WithTags("Plans")
            .WithSummary("The units catalogue: each unit's dimension and factor to the dimension's base unit");

        var plans = app.MapGroup("/api/plans").WithTags("Plans");
        plans.MapGet("/", async (HttpContext context, IQuerySession session, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
            {
                var scope = Access.PlanClaims.ScopeOf(context.User);
                return TypedResults.Ok((await session.Query<PlanDocument>().ToListAsync(ct)).Where(p => scope.Covers(p.Id))
                    .Select(p => PlanView.From(p, clock.GetUtcNow())).OrderBy(p => p.Year));
            })
            .WithSummary("Every plan in the store the caller's token covers");
        plans.MapGet("/{planId}", async (string planId, IQuerySession session, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
                await Plan(session, planId, clock, ct) is { } plan ? Results.Ok(plan) : PlanNotFound(planId))
            .WithSummary("One plan's header, departments (as named today, with their history) and chapters");
        plans.MapGet("/{planId}/chapters", async (string planId, IQuerySession session, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
                await Plan(session, planId, clock, ct) is { } plan ? Results.Ok(plan.Chapters) : PlanNotFound(planId))
            .WithSummary("The plan's chapters: 目标 (主要预期目标) and 一 … 九");
        plans.MapGet("/{planId}/departments", async (string planId, IQuerySession session, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
                await Plan(session, planId, clock, ct) is { } plan ? Results.Ok(plan.Departments) : PlanNotFound(planId))
            .WithSummary("The departments that own the plan's items today");
        plans.MapGet("/{planId}/indicators", ListIndicators)
            .WithSummary("Indicators with targets, baselines and source clauses; filter by chapter, department (owner today), measure or text");
        plans.MapGet("/{planId}/indicators/{code}", async (string planId, string code, IQuerySession session,
                [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
                await session.LoadAsync<IndicatorDocument>(Domain.Plans.PlanKeys.Item(planId, code), ct) is { } doc
                    ? Results.Ok(IndicatorView.From(doc, clock.GetUtcNow()))
                    : Problems.Field(StatusCodes.Status404NotFound, "code", $"no indicator '{code}' in plan '{planId}'"))
            .WithSummary("One indicator, with its targets and owners over time");
        plans.MapIndicatorYears();
        plans.MapGet("/{planId}/tasks", ListTasks)
            .WithSummary("Qualitative tasks with owner and source clause; filter by chapter, department (owner today) or text");
        plans.MapGet("/{planId}/seed-differences", (string planId, SeedDifferenceLog log) =>
                log.For(planId) is { } found ? Results.Ok(new { plan = planId, differences = found }) : PlanNotFound(planId))
            .RequireAuthorization(Access.Policies.Audit)
            .WithSummary("How the seed file differs from the plan in the store, as found at the last start");
    }

    private static async Task<PlanView?> Plan(IQuerySession session, string planId, TimeProvider clock, CancellationToken ct) =>
        await session.LoadAsync<PlanDocument>(planId, ct) is { } doc ? PlanView.From(doc, clock.GetUtcNow()) : null;

    private static async Task<IResult> ListIndicators(
        string planId, string? chapter, string? department, MeasureKind? measure, string? q,
        IQuerySession session, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var views = (await session.Query<IndicatorDocument>().Where(i => i.PlanId == planId).ToListAsync(ct)).Select(d => IndicatorView.From(d, now));
        if (!string.IsNullOrEmpty(chapter))
            views = views.Where(i => i.Chapter == chapter);
        if (!string.IsNullOrEmpty(department))
            views = views.Where(i => i.OwnerDepartment == department);
        if (measure is { } m)
            views = views.Where(i => i.Measure == m);
        if (!string.IsNullOrEmpty(q))
            views = views.Where(i => i.Name.Contains(q, StringComparison.Ordinal) || i.Source.Contains(q, StringComparison.Ordinal));
        return TypedResults.Ok(views.OrderBy(i => i.Code, StringComparer.Ordinal).ToList());
    }

    private static async Task<IResult> ListTasks(
        string planId, string? chapter, string? department, string? q, IQuerySession session,
        [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var views = (await session.Query<TaskDocument>().Where(t => t.PlanId == planId).ToListAsync(ct)).Select(d => TaskView.From(d, now));
        if (!string.IsNullOrEmpty(chapter))
            views = views.Where(t => t.Chapter == chapter);
        if (!string.IsNullOrEmpty(department))
            views = views.Where(t => t.OwnerDepartment == department);
        if (!string.IsNullOrEmpty(q))
            views = views.Where(t => t.Text.Contains(q, StringComparison.Ordinal) || t.Source.Contains(q, StringComparison.Ordinal));
        return TypedResults.Ok(views.OrderBy(t => t.Code, StringComparer.Ordinal).ToList());
    }

    private static IResult PlanNotFound(string planId) =>
        Problems.Field(StatusCodes.Status404NotFound, "planId", $"no plan '{planId}' in the store");
}
