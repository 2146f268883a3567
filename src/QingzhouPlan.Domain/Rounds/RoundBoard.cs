using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// Where one figure of a round stands: in time or not, where in the approvals (and how far the wait at its level has been
/// pursued: 提醒/催报/通报), and what the rules say of it.
/// </summary>
public sealed record RoundLine(
    string Code,
    string Name,
    string Department,
    string Period,
    decimal? Value,
    string Unit,
    DueState Due,
    RoundState State,
    int ApprovedLevels,
    string? Awaiting,
    string StateText,
    string? Message,
    string? Explanation,
    IReadOnlyList<RuleFinding> Findings,
    EscalationStage? Overdue = null);

public enum RoundState
{
    /// <summary>The period has not ended, or entry has not opened: nothing is owed yet.</summary>
    NotDue,

    /// <summary>No figure stands.</summary>
    Missing,

    /// <summary>Reported, not yet submitted (科室填报中).</summary>
    Draft,

    /// <summary>Submitted or approved at some levels, awaiting the next (<see cref="RoundLine.Awaiting"/>).</summary>
    Awaiting,

    /// <summary>Sent back to the reporter (<see cref="RoundLine.Message"/>).</summary>
    SentBack,

    /// <summary>Approved at every level (定稿).</summary>
    Final,
}

/// <summary>A department's round in numbers (报送率): figures owed, and how they stand.</summary>
public sealed record RoundCompletion(
    string Department, string Period, int Owed, int OnTime, int Late, int Missing, int SentBack, int Awaiting, int Final, decimal ReportedShare);

/// <summary>
/// The round of a period across a plan, from its items' states and the policy in force: each figure's line, each
/// department's completion, and every rule broken — the item's own rules and the rules across items, which only
/// a view of several items can check. The approval queue is the lines awaiting a level; the reporter's
/// "sent back to me" list the lines sent back.
/// </summary>
public static class RoundBoard
{
    public static IReadOnlyList<RoundLine> Lines(IEnumerable<IndicatorState> states, RoundPolicy policy, Period round, DateTimeOffset now)
    {
        var defined = states.Where(s => s.Definition is not null).ToList();
        var lines = new List<RoundLine>();
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var state in defined)
        {
            var d = state.Definition!;
            if (RoundStepDecision.OwnPeriod(d, round) is not { } period)
                continue;
            state.Figures.TryGetValue(period, out var figure);
            values[d.Code] = figure?.Value;
            state.Approvals.TryGetValue(period, out var approval);
            var due = ReportingCalendar.StateAt(period, ReportingCalendar.DueOn(period, policy.GraceDays), figure?.FirstReportedAt, now);
            var awaiting = RoundStepDecision.Awaiting(approval) is { } k && k < policy.Levels.Length ? policy.Levels[k] : null;
            var roundState = (figure, approval, awaiting) switch
            {
                (null, _, _) => due is DueState.NotYetDue ? RoundState.NotDue : RoundState.Missing,
                (_, null, _) => RoundState.Draft,
                (_, { Stage: ApprovalStage.SentBack }, _) => RoundState.SentBack,
                (_, _, null) => RoundState.Final,
                _ => RoundState.Awaiting,
            };
            var findings = figure is null
                ? []
                : QualityCheck.Item(policy.Rules, d, state.TargetFor(period)?.Target,
                    state.Figures.Where(f => f.Key != period).ToDictionary(f => f.Key, f => f.Value.Value), period, figure.Value, state.LastYear);
            lines.Add(new RoundLine(d.Code, d.Name, state.OwnerFor(period) ?? "", period.ToString(), figure?.Value, d.Unit, due, roundState,
                approval?.Stage == ApprovalStage.Approved ? approval.Levels : 0, awaiting?.Code,
                RoundStepDecision.Place(figure is not null, approval, policy),
                approval?.Message, state.Explanations.TryGetValue(period, out var e) ? e.Explanation : null, findings,
                roundState == RoundState.Awaiting ? state.OpenEscalation(period, awaiting!.Code)?.Stage : null));
        }
        // Rules across items, told on the line of the item the rule names first.
        var across = policy.Rules.Where(r => r.AcrossItems)
            .Select(r => QualityCheck.Across(r, round, values.GetValueOrDefault(r.Indicator), r.Other is null ? null : values.GetValueOrDefault(r.Other)))
            .OfType<RuleFinding>()
            .ToLookup(f => f.Indicator);
        return lines
            .Select(l => across[l.Code].Any() ? l with { Findings = [.. l.Findings, .. across[l.Code].Select(f => f with { Period = Period.Parse(l.Period) })] } : l)
            .OrderBy(l => l.Department, StringComparer.Ordinal).ThenBy(l => l.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The lines awaiting a level the actor may act at (approve, send back), by the domain's one rule for levels.</summary>
    public static IReadOnlyList<string> ActsOn(IEnumerable<RoundLine> lines, RoundPolicy policy, string planId, ActedBy actor) =>
        lines.Where(l => l.State == RoundState.Awaiting && policy.Levels.FirstOrDefault(v => v.Code == l.Awaiting) is { } level
                && Items.WriteScope.CheckLevel(level, planId, l.Department, actor) is null)
            .Select(l => l.Code).ToList();

    /// <summary>The lines still with their reporters (填报中, 已退回) whose items the actor may submit today.</summary>
    public static IReadOnlyList<string> Submits(IEnumerable<RoundLine> lines, IEnumerable<IndicatorState> states, string planId, ActedBy actor, DateOnly today)
    {
        var byCode = states.Where(s => s.Definition is not null).ToDictionary(s => s.Definition!.Code);
        return lines.Where(l => l.State is RoundState.Draft or RoundState.SentBack && byCode.TryGetValue(l.Code, out var s)
                && Items.WriteScope.Check(Items.ItemAction.Submit, planId, s.Owners, s.Closed, actor, today) is null)
            .Select(l => l.Code).ToList();
    }

    public static IReadOnlyList<RoundCompletion> Completion(IEnumerable<RoundLine> lines, Period round) =>
        lines.GroupBy(l => l.Department).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var owed = g.Where(l => l.State != RoundState.NotDue).ToList();
            var reported = owed.Count(l => l.Value is not null);
            return new RoundCompletion(g.Key, round.ToString(), owed.Count,
                owed.Count(l => l.Due == DueState.OnTime), owed.Count(l => l.Due == DueState.ReportedLate),
                owed.Count(l => l.Value is null), owed.Count(l => l.State == RoundState.SentBack),
                owed.Count(l => l.State == RoundState.Awaiting), owed.Count(l => l.State == RoundState.Final),
                owed.Count == 0 ? 0m : Math.Round(100m * reported / owed.Count, 1));
        }).ToList();
}
