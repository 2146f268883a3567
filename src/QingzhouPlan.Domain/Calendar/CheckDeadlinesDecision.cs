using QingzhouPlan.Domain.Indicators;

namespace QingzhouPlan.Domain.Calendar;

/// <summary>
/// Deadlines that act: for each period with no figure, the escalation its deadline calls for at an
/// instant — 提醒 from some days before the deadline, 催报 once it has passed, 通报 some days later. Only
/// a stage above the highest open one for the period is raised, and only the highest due, so a clock that
/// jumps (a server down over a weekend) raises one 通报, not a burst of stale reminders. A period whose entry window
/// has closed for good is not pursued: no figure can arrive any more unless a reviewer reopens it.
/// </summary>
public static class CheckDeadlinesDecision
{
    public static Decision Decide(IndicatorState state, DateTimeOffset now, EscalationPolicy policy, int graceDays, Rounds.ReportingWindow? window = null)
    {
        if (state.Definition is not { } indicator || state.Closed)
            return new Decision.AlreadyDone();
        var raised = new List<Items.IItemEvent>();
        foreach (var period in ReportingCalendar.PeriodsOf(indicator.Frequency, indicator.PlanYear))
        {
            if (state.Figures.ContainsKey(period) || period.EndsAt > now)
                continue;
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

    public static EscalationStage? StageDue(DateTimeOffset deadline, DateTimeOffset now, EscalationPolicy policy) =>
        now >= deadline.AddDays(policy.NoticeDaysAfter) ? EscalationStage.Notice
        : now >= deadline ? EscalationStage.Urge
        : now >= deadline.AddDays(-policy.RemindDaysBefore) ? EscalationStage.Reminder
        : null;
}
