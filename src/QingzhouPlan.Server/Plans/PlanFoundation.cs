using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>How a result the new document reports for last year stands against the previous plan in the store.</summary>
public enum ResultStanding
{
    /// <summary>The previous plan has no such item: the result starts its stream, as for a first plan.</summary>
    New,

    /// <summary>The previous plan's item holds the same figure in the same unit for that period: nothing to record.</summary>
    Agrees,

    /// <summary>The store holds another figure (or unit, or none for that period): a reviewer decides which is right.</summary>
    Differs,
}

/// <summary>One result of the document checked against the store, with what the store holds.</summary>
public sealed record ResultCheck(string Code, string Name, string Period, decimal Value, string Unit, ResultStanding Standing, decimal? Stored, string? StoredUnit);

/// <summary>
/// The events that found a plan from its seed, checked against what the store already holds. A document reports last
/// year's results; when last year's plan is in the store, those results are its items' streams, so they are compared,
/// never started again: one that agrees needs nothing, one that differs is shown, and the plan is not founded over it
/// (the stored figure is corrected first, with a reason, or the document's is). Both the seed loader and a draft's
/// adoption found plans through this, so a plan is made the same way whichever way it came.
/// </summary>
public sealed record PlanFoundation(IReadOnlyList<SeedStream> Streams, IReadOnlyList<ResultCheck> Results)
{
    public IReadOnlyList<ResultCheck> Disagreements => Results.Where(r => r.Standing == ResultStanding.Differs).ToList();

    public static async Task<PlanFoundation> Prepare(PlanSeed seed, string documentSha256, ActedBy actor, IQuerySession session, CancellationToken ct)
    {
        var streams = PlanSeedEvents.From(seed, documentSha256, actor, await Continued(seed, session, ct));
        var checks = await Check(seed.Results, seed.Plan.PreviousPlanId, session, ct);
        var existing = checks.Where(c => c.Standing != ResultStanding.New).Select(c => PlanKeys.Item(seed.Plan.PreviousPlanId, c.Code)).ToHashSet(StringComparer.Ordinal);
        return new PlanFoundation(streams.Where(s => !existing.Contains(s.Key)).ToList(), checks);
    }

    // An indicator that carries on one of the previous plan's, with no result of the document to build on, builds on
    // that indicator's actual for the year: the year the plans share is told once, by the figures reported in it.
    private static async Task<IReadOnlyDictionary<string, Baseline>> Continued(PlanSeed seed, IQuerySession session, CancellationToken ct)
    {
        var continuing = seed.Indicators.Where(i => i.Continues is { Length: > 0 } && i.Baseline is not { Length: > 0 }).ToList();
        if (continuing.Count == 0)
            return new Dictionary<string, Baseline>();
        var previous = (await session.LoadManyAsync<IndicatorDocument>(ct, continuing.Select(i => PlanKeys.Item(seed.Plan.PreviousPlanId, i.Continues!)).ToList()))
            .ToDictionary(d => d.Id, StringComparer.Ordinal);
        var baselines = new Dictionary<string, Baseline>(StringComparer.Ordinal);
        foreach (var indicator in continuing)
        {
            var key = PlanKeys.Item(seed.Plan.PreviousPlanId, indicator.Continues!);
            if (!previous.TryGetValue(key, out var document) || document.State.Definition is not { } definition)
                throw new InvalidDataException($"indicator {indicator.Code}: it continues '{key}', which is not an indicator in the store");
            if (YearEnd.Actual(document.State, seed.Plan.Year - 1) is { } actual)
                baselines[indicator.Code] = new Baseline(actual.Figure.Value, definition.Unit, seed.Plan.Year - 1, $"{key} {actual.Period} 实际");
        }
        return baselines;
    }

    /// <summary>Each result against the previous plan's item of the same code, as the store holds it now.</summary>
    public static async Task<IReadOnlyList<ResultCheck>> Check(IReadOnlyList<ResultSeed> results, string previousPlanId, IQuerySession session, CancellationToken ct)
    {
        var keys = results.Select(r => PlanKeys.Item(previousPlanId, r.Code)).ToList();
        var stored = keys.Count == 0
            ? new Dictionary<string, IndicatorDocument>()
            : (await session.LoadManyAsync<IndicatorDocument>(ct, keys)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        return results.Select(r =>
        {
            if (!stored.TryGetValue(PlanKeys.Item(previousPlanId, r.Code), out var document))
                return new ResultCheck(r.Code, r.Name, r.Period, r.Value, r.Unit, ResultStanding.New, null, null);
            // A result for the whole year is the year-end figure of an item reported monthly or quarterly.
            var period = Period.Parse(r.Period);
            var figure = document.State.Figures.GetValueOrDefault(period)
                ?? (period.Kind == PeriodKind.Year ? YearEnd.Actual(document.State, period.Year)?.Figure : null);
            var unit = document.State.Definition?.Unit;
            var agrees = figure is not null && figure.Value == r.Value && unit == r.Unit;
            return new ResultCheck(r.Code, r.Name, r.Period, r.Value, r.Unit, agrees ? ResultStanding.Agrees : ResultStanding.Differs, figure?.Value, unit);
        }).ToList();
    }

    /// <summary>A disagreement in words, for the log and the reviewer.</summary>
    public static string Describe(ResultCheck check) =>
        $"{check.Code} ({check.Name}) {check.Period}: the document says {check.Value} {check.Unit}, the store holds "
        + (check.Stored is { } stored ? $"{stored} {check.StoredUnit}" : "no figure");
}
