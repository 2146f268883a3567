using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>A figure standing for a period is withdrawn, with a reason: the period has no figure again.</summary>
public static class RetractValueDecision
{
    public static Decision Decide(IndicatorState state, RetractValue command, ActedBy actor, DateTimeOffset now, Rounds.RoundPolicy? policy = null)
    {
        if (Guards.Writable(state, ItemAction.Retract, actor, now) is { } refused)
            return refused;
        if (Guards.Reason(command.Reason) is { } reasonProblem)
            return reasonProblem;
        if (!state.Figures.TryGetValue(command.Period, out var standing))
            return Decision.Refuse(RefusalKind.Invalid, "period", $"{command.Period} has no figure to retract",
                $"{command.Period} 没有可撤回的数据");
        if (Rounds.EntryRules.Open(state, policy ?? Rounds.RoundPolicy.None, command.Period, actor, now) is { } closed)
            return closed;
        return Decision.Accept(new ValueRetracted(command.Period, standing.Value, command.Reason.Trim(), actor));
    }
}
