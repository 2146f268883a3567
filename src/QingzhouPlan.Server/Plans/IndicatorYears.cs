using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>One year of an indicator that continues across plans: its plan, target, baseline, year-end actual and every figure.</summary>
public sealed record IndicatorYear(
    string PlanId, int Year, string Code, string Name, string Unit, string? TargetText, Baseline? Baseline, FigureView? YearEnd, IReadOnlyList<FigureView> Figures);

/// <summary>
/// An indicator over the years: each plan's item linked to the next by <see cref="IndicatorDefined.Continues"/> — back
/// to the first plan that had it, forward to the latest that carries it on — oldest first.
/// </summary>
public static class IndicatorYears
{
    /// <summary>More links than any county keeps plans for: a cycle in the data ends the walk instead of the request.</summary>
    private const int MaxYears = 50;

    public static void MapIndicatorYears(this RouteGroupBuilder plans) =>
        plans.MapGet("/{planId}/indicators/{code}/years", Years)
            .WithSummary("The indicator in every plan it continues from or into, oldest year first: target, baseline, year-end actual and figures");

    // The years of plans the caller's token covers: the route's plan is checked at the door, the others here.
    private static async Task<Results<Ok<IReadOnlyList<IndicatorYear>>, ProblemHttpResult>> Years(
        string planId, string code, HttpContext context, IQuerySession session, CancellationToken ct)
    {
        var scope = Access.PlanClaims.ScopeOf(context.User);
        var years = (await Of(session, Domain.Plans.PlanKeys.Item(planId, code), ct)).Where(y => scope.Covers(y.PlanId)).ToList();
        return years.Count > 0
            ? TypedResults.Ok<IReadOnlyList<IndicatorYear>>(years)
            : Problems.Field(StatusCodes.Status404NotFound, "code", $"no indicator '{code}' in plan '{planId}'");
    }

    public static async Task<IReadOnlyList<IndicatorYear>> Of(IQuerySession session, string key, CancellationToken ct)
    {
        if (await session.LoadAsync<IndicatorDocument>(key, ct) is not { State.Definition: not null } start)
            return [];
        var chain = new List<IndicatorDocument> { start };
        for (var back = start; back.State.Definition!.Continues is { } previous && chain.Count < MaxYears;)
        {
            if (await session.LoadAsync<IndicatorDocument>(previous, ct) is not { State.Definition: not null } found || chain.Any(d => d.Id == found.Id))
                break;
            chain.Insert(0, found);
            back = found;
        }
        for (var forward = start; chain.Count < MaxYears;)
        {
            var next = await session.Query<IndicatorDocument>().Where(d => d.State.Definition!.Continues == forward.Id).FirstOrDefaultAsync(ct);
            if (next is null || chain.Any(d => d.Id == next.Id))
                break;
            chain.Add(next);
            forward = next;
        }
        return chain.Select(Year).ToList();
    }

    private static IndicatorYear Year(IndicatorDocument document)
    {
        var state = document.State;
        var definition = state.Definition!;
        var figures = state.Figures.Select(f => new FigureView(f.Key.ToString(), f.Value.Value, f.Value.ReportId, f.Value.ChangedAt, f.Value.Verified)).ToList();
        var yearEnd = YearEnd.Actual(state, definition.PlanYear) is { } actual
            ? new FigureView(actual.Period.ToString(), actual.Figure.Value, actual.Figure.ReportId, actual.Figure.ChangedAt, actual.Figure.Verified)
            : null;
        var target = state.TargetOn(new DateOnly(definition.PlanYear, 12, 31))?.Target;
        return new IndicatorYear(definition.PlanId, definition.PlanYear, definition.Code, definition.Name, definition.Unit, target?.Describe(definition.Unit),
            definition.Baseline, yearEnd, figures);
    }
}
