using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// A round's step decided by one item for its own figure. Who may take it is <see cref="WriteScope"/>'s answer:
/// submitting is the owning department's reporters'; each level's step is the level's role (and, for a department's
/// own level, the same department); withdrawing an approval is the level above's (the last level withdraws its own).
/// </summary>
public static class RoundStepDecision
{
    public static Decision Decide(IndicatorState state, RoundPolicy policy, RoundStep step, ActedBy actor, DateTimeOffset now)
    {
        if (state.Definition is not { } indicator)
            return Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan", "本计划没有这个指标");
        if (policy.Levels.IsEmpty)
            return Decision.Refuse(RefusalKind.Invalid, "level", $"the plan {indicator.PlanId} has no approval levels", "本计划没有设置审核层级");
        if (OwnPeriod(indicator, step.Period) is not { } period)
            return Decision.Refuse(RefusalKind.Invalid, "period", $"{indicator.Code} has no period ending with {step.Period}", $"{indicator.Name}没有与 {step.Period} 同期的数据");
        if (Authorize(state, policy, step, actor, now) is { } refused)
            return new Decision.Refused(refused);
        if (!state.Figures.TryGetValue(period, out var figure))
            return Decision.Refuse(RefusalKind.Invalid, "period", $"{indicator.Code} has no figure for {period}", $"{indicator.Name} {period} 还没有数据");
        state.Approvals.TryGetValue(period, out var approval);
        var awaiting = Awaiting(approval);
        return step.Action switch
        {
            RoundAction.Submit => approval is { Locked: true }
                ? new Decision.AlreadyDone()
                : Decision.Accept(new FigureSubmitted(period, figure.Value, actor)),
            RoundAction.Approve => Level(policy, step) is not { } level ? UnknownLevel(policy, step)
                : approval is { Stage: ApprovalStage.Approved } && approval.Levels > policy.IndexOf(level.Code) ? new Decision.AlreadyDone()
                : awaiting != policy.IndexOf(level.Code) ? NotAwaiting(indicator, period, approval, policy, level)
                : TooLong(step.Message, "note") ?? Decision.Accept(new FigureApproved(period, level.Code, figure.Value, step.Message?.Trim(), actor)),
            RoundAction.SendBack => Level(policy, step) is not { } level ? UnknownLevel(policy, step)
                : awaiting != policy.IndexOf(level.Code) ? NotAwaiting(indicator, period, approval, policy, level)
                : Required(step.Message, "message", "退回须写明原因，填报人会看到") ?? Decision.Accept(new FigureSentBack(period, level.Code, step.Message!.Trim(), actor)),
            RoundAction.Unapprove => Level(policy, step) is not { } level ? UnknownLevel(policy, step)
                : approval is not { Stage: ApprovalStage.Approved } || approval.Levels != policy.IndexOf(level.Code) + 1
                    ? Decision.Refuse(RefusalKind.Conflict, "level", $"{indicator.Code} {period}: {level.Code} is not the latest approval",
                        $"{indicator.Name} {period}：最近一级审核不是{level.Name}")
                : Required(step.Message, "message", "撤销审核须说明原因") ?? Decision.Accept(new FigureUnapproved(period, level.Code, step.Message!.Trim(), actor)),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Action, null),
        };
    }

    /// <summary>The item's own period that ends with the round's, when the item has one (an annual indicator has none before December).</summary>
    public static Period? OwnPeriod(IndicatorDefined indicator, Period round) =>
        round.Year == indicator.PlanYear ? ReportingCalendar.OwnPeriod(indicator.Frequency, round) : null;

    /// <summary>The index of the level a figure awaits: 0 once submitted, k after k approvals; null when not submitted or sent back.</summary>
    public static int? Awaiting(FigureApproval? approval) => approval switch
    {
        { Stage: ApprovalStage.Submitted } => 0,
        { Stage: ApprovalStage.Approved, Levels: var k } => k,
        _ => null,
    };

    private static Refusal? Authorize(IndicatorState state, RoundPolicy policy, RoundStep step, ActedBy actor, DateTimeOffset now)
    {
        var indicator = state.Definition!;
        var period = OwnPeriod(indicator, step.Period)!.Value;
        if (step.Action == RoundAction.Submit)
            return WriteScope.Check(ItemAction.Submit, indicator.PlanId, state.Owners, state.Closed, actor, PlanClock.Today(now));
        if (Level(policy, step) is not { } level)
            return null;
        // Withdrawing an approval is for the level above the one withdrawn; the last level answers for its own.
        var acting = step.Action == RoundAction.Unapprove ? policy.Levels[Math.Min(policy.IndexOf(level.Code) + 1, policy.Levels.Length - 1)] : level;
        return WriteScope.CheckLevel(acting, indicator.PlanId, state.OwnerFor(period), actor);
    }

    private static ApprovalLevel? Level(RoundPolicy policy, RoundStep step) => policy.Levels.FirstOrDefault(l => l.Code == step.Level);

    private static Decision UnknownLevel(RoundPolicy policy, RoundStep step) =>
        Decision.Refuse(RefusalKind.Invalid, "level", $"'{step.Level}' is not a level of this plan: one of {string.Join(", ", policy.Levels.Select(l => l.Code))}",
            $"「{step.Level}」不是本计划的审核层级");

    private static Decision NotAwaiting(IndicatorDefined indicator, Period period, FigureApproval? approval, RoundPolicy policy, ApprovalLevel level) =>
        Decision.Refuse(RefusalKind.Conflict, "level",
            $"{indicator.Code} {period} does not await {level.Code}: {Describe(approval, policy)}",
            $"{indicator.Name} {period} 不在{level.Name}环节：{Chinese(approval, policy)}");

    private static Decision? Required(string? text, string field, string clerk) =>
        string.IsNullOrWhiteSpace(text) ? Decision.Refuse(RefusalKind.Invalid, field, $"a {field} is required", clerk) : TooLong(text, field);

    private static Decision? TooLong(string? text, string field) =>
        text?.Length > TextLimit.Characters ? Decision.Refuse(RefusalKind.Invalid, field, TextLimit.TooLong, TextLimit.TooLongClerk) : null;

    public static string Describe(FigureApproval? approval, RoundPolicy policy) => approval switch
    {
        null => "not submitted",
        { Stage: ApprovalStage.SentBack } => "sent back to the reporter",
        { Stage: ApprovalStage.Submitted } => $"awaiting {policy.Levels[0].Code}",
        { Levels: var k } when k >= policy.Levels.Length => "final",
        { Levels: var k } => $"awaiting {policy.Levels[k].Code}",
    };

    /// <summary>Where a period stands in its round, reported or not, as the board, the page and the form say it.</summary>
    public static string Place(bool reported, FigureApproval? approval, RoundPolicy policy) =>
        !reported ? "未报送" : approval is null ? "填报中" : Chinese(approval, policy);

    /// <summary>A figure's place in its round, as the page and forms say it.</summary>
    public static string Chinese(FigureApproval? approval, RoundPolicy policy) => approval switch
    {
        null => "未报送",
        { Stage: ApprovalStage.SentBack } => "已退回",
        { Stage: ApprovalStage.Submitted } when policy.Levels.Length > 0 => $"待{policy.Levels[0].Name}",
        { Levels: var k } when k >= policy.Levels.Length => "已定稿",
        { Levels: var k } => $"待{policy.Levels[k].Name}",
    };
}
