using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>Corrections and retractions: both need a reason and a figure standing for the period.</summary>
public static class Corrections
{
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// A reporter of the owning department or a reviewer corrects a figure. In a closed year only a
    /// reviewer may, still with a reason: published figures change by review, not by the department.
    /// </summary>
    public static Decision Correct(IndicatorState state, CorrectValue command, ActedBy actor, DateTimeOffset now)
    {
        if (Guards.Writable(state, ItemAction.Correct, actor, now) is { } refused)
            return refused;
        var indicator = state.Definition!;
        if (CheckReason(command.Reason) is { } reasonProblem)
            return reasonProblem;
        if (!state.Figures.TryGetValue(command.Period, out var standing))
            return Decision.Refuse(RefusalKind.Invalid, "period", $"{command.Period} has no figure to correct; report it first");
        if (ReportValueDecision.Normalise(indicator, command.Value, command.Unit) is not { } value)
            return ReportValueDecision.NormaliseRefusal(indicator, command.Value, command.Unit);
        if (ValueDomain.Check(indicator, value) is { } outOfDomain)
            return Decision.Refuse(RefusalKind.Invalid, "value", outOfDomain);
        if (value == standing.Value)
            return Decision.Refuse(RefusalKind.Conflict, "value", $"{command.Period} already stands at {value} {indicator.Unit}");
        // A correction may break the year-to-date order on purpose only where the figures it sits between allow it.
        var others = state.Figures.Remove(command.Period);
        if (YearToDateRule.Check(indicator, others, command.Period, value) is { } ytdProblem)
            return Decision.Refuse(RefusalKind.Invalid, "value", ytdProblem);
        return Decision.Accept(new ValueCorrected(
            command.Period, value, standing.Value, command.Value, command.Unit.Trim(), command.Reason.Trim(), actor));
    }

    public static Decision Retract(IndicatorState state, RetractValue command, ActedBy actor, DateTimeOffset now)
    {
        if (Guards.Writable(state, ItemAction.Retract, actor, now) is { } refused)
            return refused;
        if (CheckReason(command.Reason) is { } reasonProblem)
            return reasonProblem;
        if (!state.Figures.TryGetValue(command.Period, out var standing))
            return Decision.Refuse(RefusalKind.Invalid, "period", $"{command.Period} has no figure to retract");
        return Decision.Accept(new ValueRetracted(command.Period, standing.Value, command.Reason.Trim(), actor));
    }

    private static Decision? CheckReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? Decision.Refuse(RefusalKind.Invalid, "reason", "a reason is required: say why the figure changes")
            : reason.Length > MaxReasonLength
                ? Decision.Refuse(RefusalKind.Invalid, "reason", $"at most {MaxReasonLength} characters")
                : null;
}
