using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>
/// A target changes only by an explicit adjustment naming its reason and legal basis (such as
/// 人大常委会批准), effective from a date within the plan year. The adjustment is dated, not an
/// overwrite: periods that end before its date keep the target that governed them.
/// </summary>
public static class AdjustTargetDecision
{
    public static Decision Decide(IndicatorState state, AdjustTarget command, ActedBy actor, DateTimeOffset now)
    {
        if (Guards.Writable(state, ItemAction.AdjustTarget, actor, now) is { } refused)
            return refused;
        var indicator = state.Definition!;
        if (state.TargetOn(command.EffectiveFrom) is not { } current)
            return Decision.Refuse(RefusalKind.NotFound, "indicator", "the indicator has no target to adjust", "该指标没有可调整的目标");
        if (string.IsNullOrWhiteSpace(command.Reason))
            return Decision.Refuse(RefusalKind.Invalid, "reason", "a reason is required for a target adjustment", "调整目标须说明原因");
        if (string.IsNullOrWhiteSpace(command.LegalBasis))
            return Decision.Refuse(RefusalKind.Invalid, "legalBasis", "the legal basis is required, e.g. 市人大常委会批准", "调整目标须写明依据，例如 市人大常委会批准");
        if (command.EffectiveFrom.Year != indicator.PlanYear)
            return Decision.Refuse(RefusalKind.Invalid, "effectiveFrom", $"must fall within the plan year {indicator.PlanYear}",
                $"生效日期须在计划年度 {indicator.PlanYear} 年内");
        var target = command.Target;
        if (Math.Abs(target.Value) > ReportValueDecision.MaxMagnitude)
            return Decision.Refuse(RefusalKind.Invalid, "value", "implausibly large", "数值大得不合常理");
        if (!Enum.IsDefined(target.Comparator))
            return Decision.Refuse(RefusalKind.Invalid, "comparator", $"one of {string.Join(", ", Enum.GetNames<Comparator>())}", "不认识的比较方式");
        if (ValueDomain.CheckTarget(indicator, target.Value, target.Tolerance) is { } outOfDomain)
            return Decision.Refuse(RefusalKind.Invalid, "value", outOfDomain);
        if (target.Tolerance < 0 || (target.Comparator == Comparator.Approximately) != (target.Tolerance > 0))
            return Decision.Refuse(RefusalKind.Invalid, "tolerance",
                "a 左右 (approximately) target needs a positive tolerance; other comparators take none",
                "「左右」目标须有大于 0 的允许偏差，其他比较方式不设允许偏差");
        if (target == current.Target)
            return Decision.Refuse(RefusalKind.Conflict, "value",
                $"the target in force on {command.EffectiveFrom:yyyy-MM-dd} already is {current.Target.Describe(indicator.Unit)}",
                $"{command.EffectiveFrom:yyyy-MM-dd} 起执行的目标已是 {current.Target.Describe(indicator.Unit)}");
        return Decision.Accept(new TargetAdjusted(
            target, current.Target, command.EffectiveFrom, command.Reason.Trim(), command.LegalBasis.Trim(), actor));
    }
}
