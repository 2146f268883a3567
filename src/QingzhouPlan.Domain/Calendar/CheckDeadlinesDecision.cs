using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Calendar;

/// <summary>
/// Deadlines that act: for each period with no figure, the escalation its deadline calls for at an
/// instant — 提醒 from some days before the deadline, 催报 once it has passed, 通报 some days later. Only
/// a stage above the highest open one for the period is raised, and only the highest due, so a clock that
/// jumps (a server down over a weekend) raises one 通报, not a burst of stale reminders. A period whose entry window
/// has closed for good is not pursued: no figure can arrive any more unless a reviewer reopens it.
/// A figure waiting at an approval level is pursued against that level's own deadline, counted from the reporting
/// deadline or from the day it reached the level, whichever is later, so a level is never pursued for a delay before it.
/// The escalation names the level (the department is the one whose round it is); the round's next step ends it. A
/// figure entered but not submitted is not pursued: stores hold figures from before rounds existed, and the board's
/// 报送率 already shows what is still 填报中.
/// </summary>
public static class CheckDeadlinesDecision
{
    public static Decision Decide(IndicatorState state, DateTimeOffset now, EscalationPolicy policy, int graceDays, Rounds.RoundPolicy? round = null)
    {
        if (state.Definition is not { } indicator || state.Closed)
            return new Decision.AlreadyDone();
        var window = round?.Window;
        var raised = new List<Items.IItemEvent>();
        foreach (var period in ReportingCalendar.PeriodsOf(indicator.Frequency, indicator.PlanYear))
        {
            if (period.EndsAt > now)
                continue;
            if (state.Figures.ContainsKey(period))
            {
                if (round is not null && Waiting(state, round, period, now, policy, graceDays) is { } waiting)
                    raised.Add(waiting);
                continue;
            }
            if (window is not null && window.IsClosed(period, graceDays, now) && !state.ExceptionOpen(period, now))
                continue;
            var dueOn = ReportingCalendar.DueOn(period, graceDays);
            if (StageDue(ReportingCalendar.Deadline(dueOn), now, policy) is not { } stage)
                continue;
            if (state.OpenEscalation(period) is { } open && open.Stage >= stage)
                continue;
            raised.Add(new EscalationRaised(period, stage, dueOn, state.OwnerFor(period) ?? "", ActedBy.System()));
        }
        return raised.Count == 0 ? new Decision.AlreadyDone() : new Decision.Accepted(raised);
    }

    // The escalation a figure waiting at a level calls for, when the level is pursued and its deadline is near or past.
    private static EscalationRaised? Waiting(IndicatorState state, Rounds.RoundPolicy round, Period period, DateTimeOffset now, EscalationPolicy policy, int graceDays)
    {
        state.Approvals.TryGetValue(period, out var approval);
        if (Rounds.RoundStepDecision.Awaiting(approval) is not { } k || k >= round.Levels.Length || round.Levels[k].DueDaysAfterDeadline is not { } days)
            return null;
        var level = round.Levels[k];
        var dueOn = Later(ReportingCalendar.DueOn(period, graceDays), PlanClock.Today(approval!.At)).AddDays(days);
        if (StageDue(ReportingCalendar.Deadline(dueOn), now, policy) is not { } stage
            || state.OpenEscalation(period, level.Code) is { } open && open.Stage >= stage)
            return null;
        return new EscalationRaised(period, stage, dueOn, state.OwnerFor(period) ?? "", ActedBy.System(), level.Code, level.Name);
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    public static EscalationStage? StageDue(DateTimeOffset deadline, DateTimeOffset now, EscalationPolicy policy) =>
        now >= deadline.AddDays(policy.NoticeDaysAfter) ? EscalationStage.Notice
        : now >= deadline ? EscalationStage.Urge
        : now >= deadline.AddDays(-policy.RemindDaysBefore) ? EscalationStage.Reminder
        : null;
}
