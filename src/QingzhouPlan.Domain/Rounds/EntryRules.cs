using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// What the round asks of every change to a figure — a report, a correction, a retraction, a form row: the figure is
/// not locked in its round, entry for its period is open (or a reviewer reopened it), and the plan's rules for the
/// item hold or are explained. Reviewers' own corrections are the review itself and ignore the window.
/// </summary>
public static class EntryRules
{
    public static Decision? Open(IndicatorState state, RoundPolicy policy, Period period, ActedBy actor, DateTimeOffset now)
    {
        if (state.Approvals.TryGetValue(period, out var approval) && approval.Locked)
            return Decision.Refuse(RefusalKind.Conflict, "period",
                $"{period} is {(approval.Stage == ApprovalStage.Submitted ? "submitted for approval" : $"approved at {approval.Levels} level(s)")}; it must be sent back before it changes",
                $"{period} 的数据{(approval.Stage == ApprovalStage.Submitted ? "已报送待审核" : "已审核通过")}，须先退回才能改动");
        if (actor.Holds(Roles.Reviewer) || actor.Holds(Roles.System) || state.ExceptionOpen(period, now))
            return null;
        if (now < policy.Window.OpensAt(period) && period.EndsAt <= now)
            return Decision.Refuse(RefusalKind.Invalid, "period", $"entry for {period} opens at {policy.Window.OpensAt(period):yyyy-MM-dd HH:mm zzz}",
                $"{period} 的填报将于 {PlanClock.Today(policy.Window.OpensAt(period)):yyyy-MM-dd} 开放");
        return policy.Window.IsClosed(period, policy.GraceDays, now)
            ? Decision.Refuse(RefusalKind.Invalid, "period",
                $"entry for {period} closed at {policy.Window.ClosesAt(period, policy.GraceDays):yyyy-MM-dd HH:mm zzz}; a reviewer may open an exception for this item",
                $"{period} 的填报已于 {PlanClock.Today(policy.Window.ClosesAt(period, policy.GraceDays)!.Value.AddTicks(-1)):yyyy-MM-dd} 截止；如需补报，请审核员开放例外")
            : null;
    }

    /// <summary>
    /// The item's rules on the figure: a hard error refuses it naming the rule; soft ones need a 上报说明, which is
    /// then recorded beside the figure. Null refusal and null explanation when every rule holds.
    /// </summary>
    public static (Decision? Refused, FigureExplained? Explained) Rules(
        IndicatorState state, RoundPolicy policy, Period period, decimal value, string? explanation, ActedBy actor)
    {
        var indicator = state.Definition!;
        var others = state.Figures.Where(f => f.Key != period).ToDictionary(f => f.Key, f => f.Value.Value);
        var findings = QualityCheck.Item(policy.Rules, indicator, state.TargetFor(period)?.Target, others, period, value, state.LastYear);
        if (findings.FirstOrDefault(f => f.Severity == RuleSeverity.Block) is { } hard)
            return (Decision.Refuse(RefusalKind.Invalid, "value", hard.Message, hard.Clerk), null);
        if (findings.Count == 0)
            return (null, null);
        if (string.IsNullOrWhiteSpace(explanation))
            return (Decision.Refuse(RefusalKind.Invalid, "explanation",
                $"{string.Join("; ", findings.Select(f => f.Message))}; send an explanation (上报说明) with the figure",
                $"{string.Join("；", findings.Select(f => f.Clerk))}。请填写上报说明后再报送"), null);
        if (explanation.Length > TextLimit.Characters)
            return (Decision.Refuse(RefusalKind.Invalid, "explanation", TextLimit.TooLong, $"上报说明{TextLimit.TooLongClerk}"), null);
        return (null, new FigureExplained(period, findings.Select(f => f.Rule).ToList(), explanation.Trim(), actor));
    }
}
