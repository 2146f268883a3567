using Microsoft.AspNetCore.Http.HttpResults;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Plans;

/// <summary>Summaries, calendars and the live change feed of a plan, read from the plan's grain.</summary>
public static class DepartmentEndpoints
{
    public static void MapDepartments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/plans/{planId}").WithTags("Departments");
        group.MapGet("/departments/{department}/summary", DepartmentSummary)
            .WithSummary("A department's indicators and tasks: met, on track, lagging, no data, late — now, or for a period (?period=2024-06) counted for the department that owned each item then");
        group.MapGet("/departments/{department}/calendar", Calendar)
            .WithSummary("The department's reporting calendar: each period it owes, by when, whether it is open, on time, late or missing, and how far it was escalated (提醒/催报/通报)");
        group.MapGet("/calendar", PlanCalendar)
            .WithSummary("Every report the plan's indicators owe, by due date: the department that owes it, its state and escalation; ?from=&to= (dates) narrow it");
        group.MapGet("/summary", PlanSummary)
            .WithSummary("The whole plan by chapter and by department, now or for a period");
        group.MapGet("/changes", ChangeFeed.Stream)
            .WithSummary("The plan's live change feed as server-sent events; Last-Event-ID (or ?after=) replays what a reconnecting page missed");
    }

    private static async Task<Results<Ok<DepartmentSummary>, ProblemHttpResult>> DepartmentSummary(
        string planId, string department, string? period, IGrainFactory grains)
    {
        if (ParsePeriod(period, out var p) is { } problem)
            return problem;
        return await grains.GetGrain<IDepartmentGrain>(PlanKeys.Department(planId, department)).GetSummary(p) is { } summary
            ? TypedResults.Ok(summary)
            : PlanNotFound(planId);
    }

    private static async Task<Results<Ok<List<CalendarLine>>, ProblemHttpResult>> Calendar(string planId, string department, IGrainFactory grains)
    {
        var plan = grains.GetGrain<IPlanGrain>(planId);
        if (!(await plan.Departments(null)).Contains(department) && (await plan.IndicatorsOf(department)).Count == 0)
            return Problems.Field(StatusCodes.Status404NotFound, "department", $"no department '{department}' in plan '{planId}'");
        // Every indicator the department ever owned, but only the periods it owed: it owned the item on their last day.
        return TypedResults.Ok((await plan.IndicatorsOf(department))
            .SelectMany(i => i.Calendar.Where(c => c.Department == department).Select(c => CalendarLine.Of(i, c)))
            .OrderBy(c => c.DueOn).ThenBy(c => c.Indicator, StringComparer.Ordinal)
            .ToList());
    }

    private static async Task<Results<Ok<List<CalendarLine>>, ProblemHttpResult>> PlanCalendar(
        string planId, DateOnly? from, DateOnly? to, IGrainFactory grains)
    {
        var plan = grains.GetGrain<IPlanGrain>(planId);
        if (await plan.GetSummary(null) is null)
            return PlanNotFound(planId);
        return TypedResults.Ok((await plan.Indicators())
            .SelectMany(i => i.Calendar.Select(c => CalendarLine.Of(i, c)))
            .Where(c => (from is null || c.DueOn >= from) && (to is null || c.DueOn <= to))
            .OrderBy(c => c.DueOn).ThenBy(c => c.Indicator, StringComparer.Ordinal)
            .ToList());
    }

    private static async Task<Results<Ok<PlanSummary>, ProblemHttpResult>> PlanSummary(string planId, string? period, IGrainFactory grains)
    {
        if (ParsePeriod(period, out var p) is { } problem)
            return problem;
        return await grains.GetGrain<IPlanGrain>(planId).GetSummary(p) is { } summary ? TypedResults.Ok(summary) : PlanNotFound(planId);
    }

    private static ProblemHttpResult? ParsePeriod(string? text, out Period? period)
    {
        period = null;
        if (text is null)
            return null;
        if (!Period.TryParse(text, out var p, out var error))
            return Problems.Field(StatusCodes.Status400BadRequest, "period", error);
        period = p;
        return null;
    }

    private static ProblemHttpResult PlanNotFound(string planId) =>
        Problems.Field(StatusCodes.Status404NotFound, "planId", $"no plan '{planId}' in the store");
}

/// <summary>One report an indicator owes, and the department that owes it.</summary>
public sealed record CalendarLine(
    string Indicator, string Name, string Period, DateOnly DueOn, Domain.Calendar.DueState State, DateTimeOffset? ReportedAt,
    Domain.Calendar.EscalationStage? Escalation, string Department)
{
    public static CalendarLine Of(Items.IndicatorStatus item, Domain.Calendar.DueReport due) =>
        new(item.Code, item.Name, due.Period.ToString(), due.DueOn, due.State, due.ReportedAt, due.Escalation, due.Department);
}
