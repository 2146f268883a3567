using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>A figure standing for a period is replaced, with a reason; the old one stays in history.</summary>
public static class CorrectValueDecision
{
    /// <summary>
    /// A reporter of the owning department or a reviewer corrects a figure. In a closed year only a
    /// reviewer may, still with a reason: published figures change by review, not by the department.
    /// </summary>
    public static Decision Decide(IndicatorState state, CorrectValue command, ActedBy actor, DateTimeOffset now, Rounds.RoundPolicy? policy = null)
    {
        policy ??= Rounds.RoundPolicy.None;
        if (Guards.Writable(state, ItemAction.Correct, actor, now) is { } refused)
            return refused;
        var indicator = state.Definition!;
        if (Guards.Reason(command.Reason) is { } reasonProblem)
            return reasonProblem;
        if (!state.Figures.TryGetValue(command.Period, out var standing))
            return Decision.Refuse(RefusalKind.Invalid, "period", $"{command.Period} has no figure to correct; report it first",
                $"{command.Period} 还没有数据可更正，请先报送");
        if (Rounds.EntryRules.Open(state, policy, command.Period, actor, now) is { } closed)
            return closed;
        if (ReportValueDecision.Normalise(indicator, command.Value, command.Unit) is not { } value)
            return ReportValueDecision.NormaliseRefusal(indicator, command.Value, command.Unit);
        if (ValueDomain.Check(indicator, value) is { } outOfDomain)
            return Decision.Refuse(RefusalKind.Invalid, "value", outOfDomain);
        if (value == standing.Value)
            return Decision.Refuse(RefusalKind.Conflict, "value", $"{command.Period} already stands at {value} {indicator.Unit}",
                $"{command.Period} 现行数据已是 {value} {indicator.Unit}");
        // A correction may break the year-to-date order on purpose only where the figures it sits between allow it.
        var others = state.Figures.Remove(command.Period);
        if (YearToDateRule.Check(indicator, others, command.Period, value) is { } ytdProblem)
            return Decision.Refuse(RefusalKind.Invalid, "value", ytdProblem);
        var (broken, explained) = Rounds.EntryRules.Rules(state, policy, command.Period, value, command.Explanation, actor);
        if (broken is not null)
            return broken;
        var corrected = new ValueCorrected(command.Period, value, standing.Value, command.Value, command.Unit.Trim(), command.Reason.Trim(), actor);
        return explained is null ? Decision.Accept(corrected) : Decision.Accept(corrected, explained);
    }
}
