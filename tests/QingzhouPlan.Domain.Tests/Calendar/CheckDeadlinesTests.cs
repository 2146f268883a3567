using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using static QingzhouPlan.Domain.Tests.Indicators.Given;
using R = QingzhouPlan.Domain.Rounds;

namespace QingzhouPlan.Domain.Tests.Calendar;

/// <summary>
/// 提醒 3 days before the deadline, 催报 once it passes, 通报 5 days later (the defaults). The June report of
/// a monthly indicator is due on 10 July, so its deadline is 11 July 00:00 Beijing time.
/// </summary>
public sealed class CheckDeadlinesTests
{
    private static readonly EscalationPolicy Policy = EscalationPolicy.Default;

    private static DateTimeOffset At(int month, int day, int hour = 0) => new(2024, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    private static IReadOnlyList<EscalationRaised> Raised(IndicatorState state, DateTimeOffset now) =>
        CheckDeadlinesDecision.Decide(state, now, Policy, ReportingCalendar.DefaultGraceDays) switch
        {
            Decision.Accepted a => a.Events.Cast<EscalationRaised>().ToList(),
            _ => [],
        };

    private static IndicatorState Through(IndicatorState state, DateTimeOffset now) =>
        Raised(state, now).Aggregate(state, (s, e) => s.Apply(e, now));

    [Fact]
    public void Each_stage_is_raised_once_when_it_falls_due_and_a_report_closes_it()
    {
        // Every month through May is reported; June is not.
        var state = Procurement([.. Enumerable.Range(1, 5).Select(m => (object)Reported($"2024-{m:D2}", m * 2m))]);

        Raised(state, At(7, 7, 23)).ShouldBeEmpty();
        state = Through(state, At(7, 8));
        state.OpenEscalation(Period.Month(2024, 6))!.Stage.ShouldBe(EscalationStage.Reminder);
        Raised(state, At(7, 9)).ShouldBeEmpty();

        state = Through(state, At(7, 11));
        var urged = state.OpenEscalation(Period.Month(2024, 6))!;
        (urged.Stage, urged.Department).ShouldBe((EscalationStage.Urge, "gxj"));

        Raised(state, At(7, 15, 23)).ShouldBeEmpty();
        state = Through(state, At(7, 16));
        state.OpenEscalation(Period.Month(2024, 6))!.Stage.ShouldBe(EscalationStage.Notice);
        Raised(state, At(7, 20)).ShouldBeEmpty();

        state = state.Apply(Reported("2024-06", 12m), At(7, 21));
        state.OpenEscalation(Period.Month(2024, 6)).ShouldBeNull();
        state.Escalations.Where(e => e.Period == Period.Month(2024, 6)).ShouldAllBe(e => e.ClosedAt == At(7, 21));
        Raised(state, At(7, 22)).ShouldBeEmpty();
    }

    [Fact]
    public void A_clock_that_jumps_past_several_deadlines_raises_only_the_highest_stage_due_for_each()
    {
        // January was due 10 February, February 10 March: by 20 March both are past 通报 (deadline + 5 days).
        var raised = Raised(Procurement(), At(3, 20));
        raised.Select(e => (e.Period.ToString(), e.Stage)).ShouldBe([("2024-01", EscalationStage.Notice), ("2024-02", EscalationStage.Notice)]);
        raised.ShouldAllBe(e => e.Actor.User == "system");
    }

    [Fact]
    public void A_figure_waiting_at_a_level_is_pursued_against_that_levels_deadline_until_the_level_acts()
    {
        // June is due 10 July; 部门审核 should be done 3 days later (deadline 14 July 00:00), 综合审核 7 days later (18 July).
        var round = new R.RoundPolicy(
            [new R.ApprovalLevel("department", "部门审核", Roles.Approver, true, 3), new R.ApprovalLevel("city", "综合审核", Roles.Reviewer, false, 7)],
            [], R.ReportingWindow.AlwaysOpen);
        var head = new ActedBy("gxj.head", "gxj", null, [Roles.Approver]);
        var june = Period.Month(2024, 6);
        var state = Procurement([.. Enumerable.Range(1, 6).Select(m => (object)Reported($"2024-{m:D2}", m * 2m))])
            .Apply(new R.FigureSubmitted(june, 12m, Reporter), At(7, 5));
        IReadOnlyList<EscalationRaised> Waiting(IndicatorState s, DateTimeOffset now) =>
            CheckDeadlinesDecision.Decide(s, now, Policy, ReportingCalendar.DefaultGraceDays, round) is Decision.Accepted a ? a.Events.Cast<EscalationRaised>().ToList() : [];
        IndicatorState Check(IndicatorState s, DateTimeOffset now) => Waiting(s, now).Aggregate(s, (x, e) => x.Apply(e, now));

        Waiting(state, At(7, 10, 23)).ShouldBeEmpty();
        state = Check(state, At(7, 11));
        state.OpenEscalation(june, "department")!.Stage.ShouldBe(EscalationStage.Reminder);
        state.OpenEscalation(june).ShouldBeNull("the report itself is in");
        var urged = Waiting(state, At(7, 14)).ShouldHaveSingleItem();
        (urged.Stage, urged.Level, urged.DueOn, urged.Department).ShouldBe((EscalationStage.Urge, "department", new DateOnly(2024, 7, 13), "gxj"));
        state = Check(state, At(7, 14));

        // The head acts late, on 15 July: the wait at 部门审核 ends, and 综合审核 has its seven days from then (22 July).
        state = state.Apply(new R.FigureApproved(june, "department", 12m, null, head), At(7, 15));
        state.OpenEscalation(june, "department").ShouldBeNull();
        Waiting(state, At(7, 19, 23)).ShouldBeEmpty();
        Waiting(state, At(7, 20)).Select(e => (e.Level, e.Stage)).ShouldBe([("city", EscalationStage.Reminder)]);
        Waiting(state, At(7, 30)).Select(e => (e.Level, e.Stage)).ShouldBe([("city", EscalationStage.Notice)]);
        Domain.Audit.History.Of([new Domain.Audit.RecordedEvent("s", 1, 1, At(7, 30), Waiting(state, At(7, 30))[0])]).Single().Reason
            .ShouldBe("综合审核应于 2024-07-22 前办结");

        // Final: nothing waits; and a plan whose levels are not pursued raises nothing for them.
        state = state.Apply(new R.FigureApproved(june, "city", 12m, null, Reviewer), At(7, 30, 12));
        Waiting(state, At(7, 31)).ShouldBeEmpty();
        var unpursued = round with { Levels = [.. round.Levels.Select(l => l with { DueDaysAfterDeadline = null })] };
        CheckDeadlinesDecision.Decide(state.Apply(new R.FigureUnapproved(june, "city", "复核", Reviewer), At(7, 31)), At(7, 31, 12), Policy, 10, unpursued)
            .ShouldBeOfType<Decision.AlreadyDone>();
    }

    [Fact]
    public void A_late_submission_gives_the_level_its_full_time_and_a_figure_never_submitted_is_not_pursued()
    {
        var round = new R.RoundPolicy([new R.ApprovalLevel("department", "部门审核", Roles.Approver, true, 3)], [], R.ReportingWindow.AlwaysOpen);
        var june = Period.Month(2024, 6);
        var entered = Procurement([.. Enumerable.Range(1, 6).Select(m => (object)Reported($"2024-{m:D2}", m * 2m))]);
        IReadOnlyList<EscalationRaised> Waiting(IndicatorState s, DateTimeOffset now) =>
            CheckDeadlinesDecision.Decide(s, now, Policy, ReportingCalendar.DefaultGraceDays, round) is Decision.Accepted a ? a.Events.Cast<EscalationRaised>().ToList() : [];

        // Due 10 July and not submitted: the figure is in, and nothing is owed (the board shows it 填报中).
        Waiting(entered, At(7, 12)).ShouldBeEmpty();

        // Submitted on 20 July, ten days late: the head has its three days from then (due 23 July), not a notice at once.
        var submitted = entered.Apply(new R.FigureSubmitted(june, 12m, Reporter), At(7, 20));
        Waiting(submitted, At(7, 20, 12)).ShouldBeEmpty();
        Waiting(submitted, At(7, 21)).Select(e => (e.Level, e.Stage, e.DueOn)).ShouldBe([("department", EscalationStage.Reminder, new DateOnly(2024, 7, 23))]);
        Waiting(submitted, At(7, 24)).Select(e => (e.Level, e.Stage)).ShouldBe([("department", EscalationStage.Urge)]);
    }

    [Fact]
    public void A_closed_year_is_pursued_no_more()
    {
        var closed = Procurement().Apply(new Domain.Items.ItemClosed("决算", ActedBy.System()), At(3, 1));
        CheckDeadlinesDecision.Decide(closed, At(12, 31), Policy, 10).ShouldBeOfType<Decision.AlreadyDone>();
    }
}
