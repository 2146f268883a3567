using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// A department's round (department × period): each item the department owns for the period decides its own part
/// of the step, and the parts are committed together, each under the version it was decided at — a figure changed
/// meanwhile fails the whole step, which is then taken again on what stands. Rules across items, which no single
/// item can check, are checked here against every figure of the plan as stored: a hard error stops submission and
/// approval; a soft one needs the submission's message as its 上报说明, kept on the item the rule names.
/// </summary>
public sealed partial class DepartmentGrain
{
    public async Task<RoundAnswer> TakeRoundStep(RoundStep step, ActedBy actor)
    {
        var (planId, department) = Key;
        var plan = GrainFactory.GetGrain<IPlanGrain>(planId);
        var parts = new List<RoundPart>();
        foreach (var key in await plan.IndicatorKeysOf(department))
            parts.Add(await GrainFactory.GetGrain<IIndicatorGrain>(key).PrepareRound(step, department, actor));
        // Whoever may not act on one figure of the round may not take the round's step.
        if (parts.FirstOrDefault(p => p.Refusal is { Kind: RefusalKind.Forbidden or RefusalKind.NotFound } || p.Refusal is { Field: not ("period" or "level") }) is { } stop)
            return RoundAnswer.Refused(stop.Refusal! with { Message = $"{PlanKeys.Split(stop.Key).Code}: {stop.Refusal!.Message}" });
        var taking = parts.Where(p => p.Events.Count > 0).ToList();
        var skipped = parts.Where(p => p.Refusal is not null).Select(p => new RoundSkip(PlanKeys.Split(p.Key).Code, p.Refusal!.Clerk)).ToList();
        if (taking.Count == 0)
            return RoundAnswer.Refused(new Refusal(RefusalKind.Conflict, "period", $"no figure of {department}'s round {step.Period} awaits this step",
                $"{department} {step.Period} 没有处于这一环节的数据"), skipped);
        if (step.Action is RoundAction.Submit or RoundAction.Approve)
        {
            var (refusal, explained) = await AcrossItems(planId, department, step, actor);
            if (refusal is not null)
                return RoundAnswer.Refused(refusal, skipped);
            taking = taking.Select(p => explained.TryGetValue(p.Key, out var e) ? p with { Events = [.. p.Events, e] } : p).ToList();
        }
        try
        {
            await appender.Append(new Commit(Operations.RoundStep, actor, taking.Select(p => new StreamAppend(p.Key, p.Version, p.Events.Cast<object>().ToList())).ToList()));
        }
        catch (Exception ex) when (Appender.IsConflict(ex))
        {
            return RoundAnswer.Refused(new Refusal(RefusalKind.Conflict, "period", "a figure of the round changed while the step was decided; take it again",
                "办理期间本轮有数据被改动，请刷新后重新办理"), skipped);
        }
        foreach (var part in taking)
            await GrainFactory.GetGrain<IIndicatorGrain>(part.Key).CatchUp(part.Version + part.Events.Count, actor);
        logger.LogInformation("Round {Department} {Period}: {Action} of {Count} figures by {User}", department, step.Period, step.Action, taking.Count, actor.User);
        return new RoundAnswer(taking.Select(p => PlanKeys.Split(p.Key).Code).ToList(), skipped, null);
    }

    // The plan's rules across items on the round's figures as stored now.
    private async Task<(Refusal? Refusal, Dictionary<string, FigureExplained> Explained)> AcrossItems(
        string planId, string department, RoundStep step, ActedBy actor)
    {
        var policy = await GrainFactory.GetGrain<IPlanGrain>(planId).RoundPolicy();
        var explained = new Dictionary<string, FigureExplained>(StringComparer.Ordinal);
        if (!policy.Rules.Any(r => r.AcrossItems))
            return (null, explained);
        await using var session = store.QuerySession();
        var states = await LastYears.Attach(session, (await session.Query<IndicatorDocument>().Where(d => d.PlanId == planId).ToListAsync()).Select(d => d.State).ToList(),
            policy, CancellationToken.None);
        var findings = RoundBoard.Lines(states, policy, step.Period, clock.GetUtcNow())
            .Where(l => l.Department == department)
            .SelectMany(l => l.Findings.Where(f => policy.Rules.First(r => r.Id == f.Rule).AcrossItems))
            .ToList();
        if (findings.FirstOrDefault(f => f.Severity == RuleSeverity.Block) is { } hard)
            return (new Refusal(RefusalKind.Invalid, "rules", hard.Message, hard.Clerk), explained);
        if (findings.Count == 0 || step.Action != RoundAction.Submit)
            return (null, explained);
        if (string.IsNullOrWhiteSpace(step.Message))
            return (new Refusal(RefusalKind.Invalid, "message", $"{string.Join("; ", findings.Select(f => f.Message))}; submit with an explanation (上报说明)",
                $"{string.Join("；", findings.Select(f => f.Clerk))}。请填写上报说明后再报送"), explained);
        foreach (var group in findings.GroupBy(f => (f.Indicator, f.Period)))
            explained[PlanKeys.Item(planId, group.Key.Indicator)] = new FigureExplained(group.Key.Period, group.Select(f => f.Rule).ToList(), step.Message.Trim(), actor);
        return (null, explained);
    }
}

/// <summary>The answer to a round's step: the items it moved, those it passed over and why, or the refusal that stopped it.</summary>
[GenerateSerializer, Immutable, Alias("RoundAnswer")]
public sealed record RoundAnswer(
    [property: Id(0)] IReadOnlyList<string> Taken,
    [property: Id(1)] IReadOnlyList<RoundSkip> Skipped,
    [property: Id(2)] Refusal? Refusal)
{
    public static RoundAnswer Refused(Refusal refusal, IReadOnlyList<RoundSkip>? skipped = null) => new([], skipped ?? [], refusal);
}

/// <summary>An item of the round the step did not apply to, with the item's own words why (not reported, not awaiting this level).</summary>
[GenerateSerializer, Immutable, Alias("RoundSkip")]
public sealed record RoundSkip([property: Id(0)] string Code, [property: Id(1)] string Reason);
