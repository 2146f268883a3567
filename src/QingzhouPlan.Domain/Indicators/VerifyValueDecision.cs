using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>A reviewer confirms the figure standing for a period; a later correction needs verifying again.</summary>
public static class VerifyValueDecision
{
    public static Decision Decide(IndicatorState state, VerifyValue command, ActedBy actor, DateTimeOffset now)
    {
        if (Guards.Writable(state, ItemAction.Verify, actor, now) is { } refused)
            return refused;
        if (!state.Figures.TryGetValue(command.Period, out var standing))
            return Decision.Refuse(RefusalKind.Invalid, "period", $"{command.Period} has no figure to verify",
                $"{command.Period} 没有可核实的数据");
        if (standing.Verified)
            return new Decision.AlreadyDone();
        return Decision.Accept(new ValueVerified(command.Period, standing.Value, command.Note, actor));
    }
}
