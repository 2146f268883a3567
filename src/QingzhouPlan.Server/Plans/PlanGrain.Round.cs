using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Rounds;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// The plan's round policy: held with the plan's stream and handed to the items, which decide every report,
/// correction and round step against it (the reporting calendar's grace days travel with it).
/// </summary>
public sealed partial class PlanGrain
{
    public Task<RoundPolicy> RoundPolicy() => Task.FromResult(_plan.Round with { GraceDays = options.Value.GraceDays });

    public Task<Refusal?> SetApprovalLevels(IReadOnlyList<ApprovalLevel> levels, string reason, ActedBy actor) =>
        SetRound(RoundPolicyDecision.Levels(_plan, levels, reason, actor), actor);

    public Task<Refusal?> SetQualityRules(IReadOnlyList<QualityRule> rules, string reason, ActedBy actor) =>
        SetRound(RoundPolicyDecision.Rules(_plan, rules, reason, actor), actor);

    public Task<Refusal?> SetReportingWindow(ReportingWindow window, string reason, ActedBy actor) =>
        SetRound(RoundPolicyDecision.Window(_plan, window, reason, actor), actor);

    private async Task<Refusal?> SetRound(PlanDecision decision, ActedBy actor) => decision switch
    {
        PlanDecision.Refused refused => refused.Refusal,
        PlanDecision.Accepted accepted => await AppendToPlan(accepted.Event, actor),
        _ => null,
    };
}
