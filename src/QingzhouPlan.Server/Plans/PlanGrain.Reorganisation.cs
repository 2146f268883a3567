using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// The plan's own stream: departments added, renamed and merged, items moved, the year closed. The plan
/// decides what concerns it; every item records its own move or closing, so each stream alone says what it accepts.
/// </summary>
public sealed partial class PlanGrain
{
    public async Task<Refusal?> Reorganise(ReorganisePlan command, ActedBy actor)
    {
        var decision = command.Kind switch
        {
            ReorganisationKind.Add => Reorganisation.Add(_plan, command.Department, command.Name ?? "", command.EffectiveFrom, command.Basis, actor),
            ReorganisationKind.Rename => Reorganisation.Rename(_plan, command.Department, command.Name ?? "", command.EffectiveFrom, command.Basis, actor),
            ReorganisationKind.Merge => Reorganisation.Merge(_plan, command.Merged, command.Department, command.EffectiveFrom, command.Basis, actor),
            ReorganisationKind.MoveItems => Reorganisation.MoveItems(_plan, command.Merged, command.Department, command.EffectiveFrom, command.Basis),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, null),
        };
        // A merge recorded before, whose item moves did not all finish, is retried by moving what is left.
        var recorded = command.Kind == ReorganisationKind.Merge
            && command.Merged.All(m => _plan.Departments.TryGetValue(m, out var d) && d.DissolvedOn == command.EffectiveFrom && d.MergedInto == command.Department);
        if (recorded)
            return await MoveItems(command, actor);
        switch (decision)
        {
            case PlanDecision.Refused refused:
                return refused.Refusal;
            case PlanDecision.Accepted accepted when await AppendToPlan(accepted.Event, actor) is { } conflict:
                return conflict;
        }
        return command.Kind is ReorganisationKind.Merge or ReorganisationKind.MoveItems ? await MoveItems(command, actor) : null;
    }

    public async Task<Refusal?> Close(string reason, ActedBy actor)
    {
        switch (Reorganisation.Close(_plan, reason, actor))
        {
            case PlanDecision.Refused refused:
                return refused.Refusal;
            case PlanDecision.Accepted accepted when await AppendToPlan(accepted.Event, actor) is { } conflict:
                return conflict;
        }
        // Each item records its own closing, so its stream alone decides what it accepts; a retry closes the rest.
        foreach (var key in _standings.IndicatorKeys.ToList())
            await GrainFactory.GetGrain<IIndicatorGrain>(key).Close(reason, actor);
        foreach (var key in _standings.TaskKeys.ToList())
            await GrainFactory.GetGrain<ITaskGrain>(key).Close(reason, actor);
        return null;
    }

    // Every item the merged (or emptied) departments own on the effective date moves, each by its own event:
    // a retry of the same command moves what is left and leaves the moved items as they are.
    private async Task<Refusal?> MoveItems(ReorganisePlan command, ActedBy actor)
    {
        var move = new ReassignOwner(command.Department, command.EffectiveFrom, command.Basis, command.Reason);
        foreach (var key in _standings.IndicatorsOwnedOn(command.Merged, command.EffectiveFrom))
            if ((await GrainFactory.GetGrain<IIndicatorGrain>(key).Reassign(move, actor, null)).Refusal is { } refused)
                return refused with { Message = $"{PlanKeys.Split(key).Code}: {refused.Message}" };
        foreach (var task in _standings.TasksOwnedOn(command.Merged, command.EffectiveFrom))
            if ((await GrainFactory.GetGrain<ITaskGrain>(task.Key).Reassign(move, actor, null)).Refusal is { } refused)
                return refused with { Message = $"{task.Code}: {refused.Message}" };
        return null;
    }

    private async Task<Refusal?> AppendToPlan(IPlanEvent @event, ActedBy actor)
    {
        try
        {
            await appender.Append(Commit.One(Operations.ChangePlan, actor, new StreamAppend(PlanId, _plan.Version, [@event])));
        }
        catch (Exception ex) when (Appender.IsConflict(ex))
        {
            // Another silo's activation wrote first: read the plan again and let the caller decide anew.
            await using var reader = store.QuerySession();
            _plan = (await reader.LoadAsync<PlanDocument>(PlanId))?.State ?? _plan;
            return new Refusal(RefusalKind.Conflict, "planId", "the plan changed at the same moment; look again and retry",
                "计划在同一时刻被他人改动，请刷新后重试");
        }
        _plan = _plan.Apply(@event);
        return null;
    }
}
