namespace QingzhouPlan.Domain.Indicators;

/// <summary>A reviewer confirms the figure standing for a period; a later correction needs verifying again.</summary>
public static class Verification
{
    public static Decision Verify(IndicatorState state, VerifyValue command, ActedBy actor)
    {
        if (state.Definition is null)
            return Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan");
        if (!state.Figures.TryGetValue(command.Period, out var standing))
            return Decision.Refuse(RefusalKind.Invalid, "period", $"{command.Period} has no figure to verify");
        if (standing.Verified)
            return new Decision.AlreadyDone();
        return new Decision.Accepted(new ValueVerified(command.Period, standing.Value, command.Note, actor));
    }
}
