using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Rounds;

// Request bodies of the round: each becomes a domain command or names the first field at fault.

/// <summary>A step for one figure (period given) or a department's round (period in the route).</summary>
public sealed record RoundStepRequest(RoundAction? Action, string? Period, string? Level, string? Message)
{
    public Validated<RoundStep> ToCommand(string? routePeriod = null)
    {
        if (Action is null)
            return Validated<RoundStep>.Fail("action", $"required: one of {string.Join(", ", Enum.GetNames<RoundAction>())}");
        if (RequestFields.Period(routePeriod ?? Period) is { Error: { } periodError })
            return Validated<RoundStep>.Fail("period", periodError);
        if (Action != RoundAction.Submit && string.IsNullOrWhiteSpace(Level))
            return Validated<RoundStep>.Fail("level", "required: the approval level that acts (GET …/round lists them)");
        if (RequestFields.TooLong(("message", Message), ("level", Level)) is { } longField)
            return Validated<RoundStep>.Fail(longField, Domain.TextLimit.TooLong);
        return new(new RoundStep(Action.Value, RequestFields.Period(routePeriod ?? Period).Value, Level?.Trim(), Message));
    }
}

public sealed record WindowExceptionRequest(string? Period, DateTimeOffset? Until, string? Reason)
{
    public Validated<OpenWindowException> ToCommand() =>
        RequestFields.Period(Period) is { Error: { } periodError } ? Validated<OpenWindowException>.Fail("period", periodError)
        : Until is null ? Validated<OpenWindowException>.Fail("until", "required: the instant the exception ends (2024-05-03T18:00:00+08:00)")
        : RequestFields.TooLong(("reason", Reason)) is { } longField ? Validated<OpenWindowException>.Fail(longField, Domain.TextLimit.TooLong)
        : new(new OpenWindowException(RequestFields.Period(Period).Value, Until.Value, Reason ?? ""));
}

public sealed record LevelsRequest(IReadOnlyList<ApprovalLevel>? Levels, string? Reason);

public sealed record RulesRequest(IReadOnlyList<QualityRule>? Rules, string? Reason);

public sealed record WindowRequest(int? OpensAfterPeriodEndDays, int? ClosesAfterDeadlineDays, string? Reason);

/// <summary>
/// The round of a period: the policy in force then, each figure's line, each department's completion, the figures
/// awaiting a level the caller may act at now, and those still with reporters the caller may submit (none of either
/// for a view of the past), so a page offers approve, send back and submit only where the domain would accept them.
/// </summary>
public sealed record RoundBoardAnswer(
    string PlanId, string Period, DateTimeOffset AsOf, RoundPolicy Policy, IReadOnlyList<RoundLine> Lines, IReadOnlyList<RoundCompletion> Completion,
    IReadOnlyList<string> ActsOn, IReadOnlyList<string> Submits);

/// <summary>Every rule broken by figures standing at an instant, period by period.</summary>
public sealed record ValidationAnswer(string PlanId, DateTimeOffset AsOf, int Rules, IReadOnlyList<RuleFinding> Findings);
