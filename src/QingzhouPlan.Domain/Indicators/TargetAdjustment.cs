using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>
/// A target changes only by an explicit adjustment naming its reason and legal basis (such as
/// 人大常委会批准), effective from a date within the plan year.
/// </summary>
public static class TargetAdjustment
{
    public static Decision Adjust(IndicatorState state, AdjustTarget command, ActedBy actor)
    {
        if (state.Definition is not { } indicator || state.Target is not { } current)
            return Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan");
        if (string.IsNullOrWhiteSpace(command.Reason))
            return Decision.Refuse(RefusalKind.Invalid, "reason", "a reason is required for a target adjustment");
        if (string.IsNullOrWhiteSpace(command.LegalBasis))
            return Decision.Refuse(RefusalKind.Invalid, "legalBasis", "the legal basis is required, e.g. 市人大常委会批准");
        if (command.EffectiveFrom.Year != indicator.PlanYear)
            return Decision.Refuse(RefusalKind.Invalid, "effectiveFrom", $"must fall within the plan year {indicator.PlanYear}");
        var target = command.Target;
        if (Math.Abs(target.Value) > ReportValueDecision.MaxMagnitude)
            return Decision.Refuse(RefusalKind.Invalid, "value", "implausibly large");
        if (target.Tolerance < 0 || (target.Comparator == Comparator.Approximately) != (target.Tolerance > 0))
            return Decision.Refuse(RefusalKind.Invalid, "tolerance",
                "a 左右 (approximately) target needs a positive tolerance; other comparators take none");
        if (target == current)
            return Decision.Refuse(RefusalKind.Conflict, "value", $"the target already is {current.Describe(indicator.Unit)}");
        return new Decision.Accepted(new TargetAdjusted(
            target, current, command.EffectiveFrom, command.Reason.Trim(), command.LegalBasis.Trim(), actor));
    }
}
