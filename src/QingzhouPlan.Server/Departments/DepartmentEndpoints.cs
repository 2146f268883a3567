using QingzhouPlan.Domain.Plans;

namespace QingzhouPlan.Server.Departments;

public static class DepartmentEndpoints
{
    public static void MapDepartments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/plans/{planId}").WithTags("Departments");
        group.MapGet("/departments/{department}/summary", async (string planId, string department, IGrainFactory grains) =>
                Results.Ok(await grains.GetGrain<IDepartmentGrain>(PlanKeys.Item(planId, department)).GetSummary()))
            .WithSummary("A department's indicators and tasks: met, on track, lagging, no data, late — as of now");
        group.MapGet("/departments/{department}/calendar", async (string planId, string department, IGrainFactory grains) =>
            {
                var summary = await grains.GetGrain<IDepartmentGrain>(PlanKeys.Item(planId, department)).GetSummary();
                return Results.Ok(summary.IndicatorItems
                    .SelectMany(i => i.Calendar.Select(c => new
                    {
                        indicator = i.Code, i.Name, period = c.Period.ToString(), c.DueOn, state = c.State, c.ReportedAt,
                    }))
                    .OrderBy(c => c.DueOn).ThenBy(c => c.indicator, StringComparer.Ordinal));
            })
            .WithSummary("The department's reporting calendar: each period due, by when, and whether it is open, on time, late or missing");
        group.MapGet("/summary", async (string planId, IGrainFactory grains) =>
                await grains.GetGrain<IPlanGrain>(planId).GetSummary() is { } summary
                    ? Results.Ok(summary)
                    : Infrastructure.Problems.Field(StatusCodes.Status404NotFound, "planId", $"no plan '{planId}' in the store"))
            .WithSummary("The whole plan by chapter and by department, as of now");
    }
}
