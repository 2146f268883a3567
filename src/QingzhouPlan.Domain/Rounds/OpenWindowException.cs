using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>A reviewer reopens entry for one item and period until an instant, with a reason.</summary>
[GenerateSerializer, Immutable, Alias("OpenWindowException")]
public sealed record OpenWindowException([property: Id(0)] Period Period, [property: Id(1)] DateTimeOffset Until, [property: Id(2)] string Reason);

public static class OpenWindowExceptionDecision
{
    /// <summary>An exception lasts at most this long: it is for one late figure, not a second window.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(31);

    public static Decision Decide(IndicatorState state, OpenWindowException command, ActedBy actor, DateTimeOffset now)
    {
        if (state.Definition is not { } indicator)
            return Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan", "本计划没有这个指标");
        if (WriteScope.Check(ItemAction.OpenException, indicator.PlanId, state.Owners, state.Closed, actor, PlanClock.Today(now)) is { } refused)
            return new Decision.Refused(refused);
        if (PeriodRules.Check(indicator, command.Period, now) is { } periodProblem)
            return Decision.Refuse(RefusalKind.Invalid, "period", periodProblem);
        if (command.Until <= now || command.Until > now + Longest)
            return Decision.Refuse(RefusalKind.Invalid, "until", $"an exception ends after now and within {Longest.TotalDays} days",
                $"例外截止时间须晚于现在，且不超过 {Longest.TotalDays} 天");
        if (string.IsNullOrWhiteSpace(command.Reason))
            return Decision.Refuse(RefusalKind.Invalid, "reason", "a reason is required", "须说明开放补报的原因");
        if (command.Reason.Length > TextLimit.Characters)
            return Decision.Refuse(RefusalKind.Invalid, "reason", TextLimit.TooLong, $"原因{TextLimit.TooLongClerk}");
        return Decision.Accept(new WindowExceptionOpened(command.Period, command.Until, command.Reason.Trim(), actor));
    }
}
