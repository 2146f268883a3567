using QingzhouPlan.Domain.Plans;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// Setting a plan's approval levels, rules or window: administrators (and the seed loader), with a reason. A
/// setting equal to the one in force changes nothing, so a launcher or a script may give it again safely.
/// </summary>
public static class RoundPolicyDecision
{
    private static readonly string[] LevelRoles = [Roles.Approver, Roles.Reviewer, Roles.Admin];

    public static PlanDecision Levels(PlanState plan, IReadOnlyList<ApprovalLevel> levels, string reason, ActedBy actor) =>
        Common(plan, reason, actor)
        ?? (levels.Count == 0 || levels.Count > 6 ? Refuse("levels", "between 1 and 6 levels", "审核层级须为 1–6 级")
        : levels.FirstOrDefault(l => !Code(l.Code) || string.IsNullOrWhiteSpace(l.Name) || l.Name.Length > 50) is { } bad
            ? Refuse("levels", $"level '{bad.Code}': a code of 1–32 lower-case letters, digits or '-' and a name of 1–50 characters",
                $"审核层级「{bad.Code}」的代码或名称不合规")
        : levels.FirstOrDefault(l => !LevelRoles.Contains(l.Role)) is { } role
            ? Refuse("levels", $"level '{role.Code}': role must be one of {string.Join(", ", LevelRoles)}", $"审核层级「{role.Code}」的角色不可用")
        : levels.Select(l => l.Code).Distinct().Count() != levels.Count ? Refuse("levels", "level codes must be distinct", "审核层级代码重复")
        : levels.FirstOrDefault(l => l.DueDaysAfterDeadline is < 0 or > 366) is { } due
            ? Refuse("levels", $"level '{due.Code}': dueDaysAfterDeadline is 0–366 days (or absent: not pursued)", $"审核层级「{due.Code}」的办结期限须为 0–366 天")
        : levels.SequenceEqual(plan.Round.Levels) ? new PlanDecision.ItemsOnly()
        : new PlanDecision.Accepted(new ApprovalLevelsSet(levels, reason.Trim(), actor)));

    public static PlanDecision Rules(PlanState plan, IReadOnlyList<QualityRule> rules, string reason, ActedBy actor) =>
        Common(plan, reason, actor)
        ?? (rules.Count > 500 ? Refuse("rules", "at most 500 rules", "审核规则不超过 500 条")
        : rules.Select(Problem).FirstOrDefault(p => p is not null) is { } problem ? Refuse("rules", problem.Message, problem.Clerk)
        : rules.Select(r => r.Id).Distinct().Count() != rules.Count ? Refuse("rules", "rule ids must be distinct", "审核规则编号重复")
        : rules.SequenceEqual(plan.Round.Rules) ? new PlanDecision.ItemsOnly()
        : new PlanDecision.Accepted(new QualityRulesSet(rules, reason.Trim(), actor)));

    public static PlanDecision Window(PlanState plan, ReportingWindow window, string reason, ActedBy actor) =>
        Common(plan, reason, actor)
        ?? (window.OpensAfterPeriodEndDays is < 0 or > 366 ? Refuse("opensAfterPeriodEndDays", "0–366 days", "开放日须在期末后 0–366 天")
        : window.ClosesAfterDeadlineDays is < 0 or > 3660 ? Refuse("closesAfterDeadlineDays", "0–3660 days, or null for never", "截止日须在报送期限后 0–3660 天，或不截止")
        : window == plan.Round.Window ? new PlanDecision.ItemsOnly()
        : new PlanDecision.Accepted(new ReportingWindowSet(window, reason.Trim(), actor)));

    private static PlanDecision? Common(PlanState plan, string reason, ActedBy actor) =>
        plan.Adopted is null ? PlanDecision.Refuse(RefusalKind.NotFound, "planId", "no such plan", "没有这个计划")
        : !actor.Holds(Roles.Admin) && !actor.Holds(Roles.System) ? PlanDecision.Refuse(RefusalKind.Forbidden, "role", "setting the round needs the role admin", "设置审核层级、规则和报送窗口须由管理员办理")
        : actor.Plans is { } scope && !scope.Covers(plan.Adopted.PlanId)
            ? PlanDecision.Refuse(RefusalKind.Forbidden, "planId", $"the token covers {scope}, not the plan {plan.Adopted.PlanId}", $"您的账号无权办理计划 {plan.Adopted.PlanId} 的事项")
        : string.IsNullOrWhiteSpace(reason) || reason.Length > TextLimit.Characters ? Refuse("reason", "a reason of 1–2000 characters is required", "须说明设置的原因")
        : null;

    private static (string Message, string Clerk)? Problem(QualityRule rule) =>
        !Code(rule.Id.ToLowerInvariant()) ? ($"rule '{rule.Id}': an id of 1–32 letters, digits or '-'", $"规则编号「{rule.Id}」不合规")
        : string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 100 ? ($"rule '{rule.Id}': a name of 1–100 characters", $"规则「{rule.Id}」须有名称")
        : string.IsNullOrWhiteSpace(rule.Indicator) ? ($"rule '{rule.Id}': an indicator code (or *)", $"规则「{rule.Id}」须指明指标")
        : rule.Kind switch
        {
            RuleKind.Bounds when rule.Min is null && rule.Max is null => ($"rule '{rule.Id}': bounds need min or max", $"规则「{rule.Id}」须给出上限或下限"),
            RuleKind.Bounds when rule.Min > rule.Max => ($"rule '{rule.Id}': min exceeds max", $"规则「{rule.Id}」的下限高于上限"),
            RuleKind.PeriodChange or RuleKind.YearOnYear when rule.Max is not > 0
                => ($"rule '{rule.Id}': a change band needs a positive max", $"规则「{rule.Id}」须给出允许的变动幅度"),
            RuleKind.NotAbove or RuleKind.Near when string.IsNullOrWhiteSpace(rule.Other) || rule.Indicator == "*"
                => ($"rule '{rule.Id}': a rule across items names both indicators", $"规则「{rule.Id}」须指明两个指标"),
            _ => null,
        };

    private static bool Code(string code) => code.Length is > 0 and <= 32 && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static PlanDecision Refuse(string field, string message, string clerk) => PlanDecision.Refuse(RefusalKind.Invalid, field, message, clerk);
}
