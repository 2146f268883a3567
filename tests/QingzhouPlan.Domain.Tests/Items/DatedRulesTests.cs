using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;
using static QingzhouPlan.Domain.Tests.Indicators.Given;

namespace QingzhouPlan.Domain.Tests.Items;

/// <summary>
/// The two dated questions every reader asks: which target governs a period, and who owned the item then —
/// each as known at an instant. The edges the README names are tested here one by one.
/// </summary>
public sealed class DatedRulesTests
{
    private const string Plan = "qingzhou-2024";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int month, int day) => new(2024, month, day, 10, 0, 0, Beijing);

    private static TargetAdjusted Adjusted(decimal value, int month, int day) =>
        new(new Target(value, Comparator.Reach), new Target(30m, Comparator.Reach), new DateOnly(2024, month, day), "调整", "市人大常委会批准", Reporter);

    /// <summary>DIGITAL-PROJECTS: target 30, adjusted to 20 effective on a date, recorded at an instant.</summary>
    private static IndicatorState Projects(params (object Event, DateTimeOffset At)[] later)
    {
        var state = IndicatorState.Empty
            .Apply(Defined(measure: MeasureKind.Count, frequency: Frequency.Quarterly, unit: "个"), At(1, 12))
            .Apply(TargetOf(30m, Comparator.Reach), At(1, 12));
        return later.Aggregate(state, (s, e) => s.Apply(e.Event, e.At));
    }

    private static decimal? Governing(IndicatorState state, Period period, DateTimeOffset? knownAt = null) =>
        state.TargetFor(period, knownAt)?.Target.Value;

    [Fact]
    public void An_adjustment_effective_on_the_first_day_after_a_period_does_not_govern_it()
    {
        var state = Projects((Adjusted(20m, 7, 1), At(7, 8)));
        Governing(state, Period.Quarter(2024, 2)).ShouldBe(30m);
        Governing(state, Period.Month(2024, 6)).ShouldBe(30m);
        Governing(state, Period.Quarter(2024, 3)).ShouldBe(20m);
        Governing(state, Period.Month(2024, 7)).ShouldBe(20m);
    }

    [Fact]
    public void An_adjustment_effective_exactly_on_a_periods_last_day_governs_it()
    {
        var state = Projects((Adjusted(20m, 6, 30), At(7, 8)));
        Governing(state, Period.Quarter(2024, 2)).ShouldBe(20m);
        Governing(state, Period.HalfYear(2024, 1)).ShouldBe(20m);
        Governing(state, Period.Month(2024, 5)).ShouldBe(30m);
    }

    [Fact]
    public void An_adjustment_effective_in_the_future_governs_only_the_periods_ending_after_it()
    {
        var state = Projects((Adjusted(20m, 10, 1), At(6, 3)));
        Governing(state, Period.Quarter(2024, 3)).ShouldBe(30m);
        Governing(state, Period.Quarter(2024, 4)).ShouldBe(20m);
        state.TargetOn(new DateOnly(2024, 6, 3))!.Target.Value.ShouldBe(30m);
    }

    [Fact]
    public void Two_adjustments_effective_on_the_same_day_the_one_recorded_later_wins()
    {
        var state = Projects((Adjusted(20m, 7, 1), At(7, 8)), (Adjusted(25m, 7, 1), At(7, 9)));
        Governing(state, Period.Quarter(2024, 3)).ShouldBe(25m);
        Governing(state, Period.Quarter(2024, 3), At(7, 8).AddHours(1)).ShouldBe(20m);
    }

    [Fact]
    public void An_adjustment_recorded_after_later_periods_were_reported_rejudges_them_but_not_what_was_known_before()
    {
        var q3 = Reported("2024-Q3", 14m, unit: "个");
        var state = Projects((q3, At(10, 8)), (Adjusted(20m, 7, 1), At(11, 20)));

        Governing(state, Period.Quarter(2024, 3)).ShouldBe(20m);
        Governing(state, Period.Quarter(2024, 3), knownAt: At(11, 1)).ShouldBe(30m);
        // 14 of 20 at 9/12 of the year: expected 15, lagging; of 30 it was expected 22.5.
        state.Assess(Period.Quarter(2024, 3))!.Expected.ShouldBe(15m);
    }

    [Fact]
    public void The_adopted_target_governs_from_the_plan_years_first_day_whatever_day_it_was_adopted()
    {
        var state = Projects();
        Governing(state, Period.Month(2024, 1)).ShouldBe(30m);
        state.TargetFor(Period.Month(2024, 1))!.EffectiveFrom.ShouldBe(new DateOnly(2024, 1, 1));
    }

    [Fact]
    public void The_owner_of_a_period_is_the_owner_on_its_last_day_as_known_at_an_instant()
    {
        var moved = new OwnerReassigned("szj", "gxj", new DateOnly(2024, 7, 1), "青政发〔2024〕12号", "机构改革", Reporter);
        var state = Projects((moved, At(6, 20)));

        state.OwnerFor(Period.Quarter(2024, 2)).ShouldBe("gxj");
        state.OwnerFor(Period.Quarter(2024, 3)).ShouldBe("szj");
        state.OwnerOn(new DateOnly(2024, 6, 30)).ShouldBe("gxj");
        state.OwnerOn(new DateOnly(2024, 7, 1)).ShouldBe("szj");
        state.OwnerFor(Period.Quarter(2024, 3), knownAt: At(6, 19)).ShouldBe("gxj");
        state.Owners.Entries.Select(o => o.Department).ShouldBe(["gxj", "szj"]);
    }

    [Fact]
    public void A_reporter_writes_only_for_the_owner_on_the_day_of_the_command()
    {
        var moved = new OwnerReassigned("szj", "gxj", new DateOnly(2024, 7, 1), "青政发〔2024〕12号", null, Reporter);
        var state = Projects((moved, At(6, 20)));
        var gxj = new ActedBy("li.wei", "gxj", null, [Roles.Reporter]);
        var szj = new ActedBy("sun.li", "szj", null, [Roles.Reporter]);

        WriteScope.Check(ItemAction.Report, Plan, state.Owners, false, gxj, new DateOnly(2024, 6, 30)).ShouldBeNull();
        WriteScope.Check(ItemAction.Report, Plan, state.Owners, false, gxj, new DateOnly(2024, 7, 1)).ShouldNotBeNull().ShouldRefuse(RefusalKind.Forbidden, "item");
        WriteScope.Check(ItemAction.Report, Plan, state.Owners, false, szj, new DateOnly(2024, 7, 1)).ShouldBeNull();
        WriteScope.Check(ItemAction.Report, Plan, DatedHistory<OwnerEntry>.None, false, gxj, new DateOnly(2024, 7, 1)).ShouldNotBeNull().ShouldRefuse(RefusalKind.Forbidden, "item");
    }

    private static readonly DateOnly Today = new(2024, 6, 20);

    [Fact]
    public void A_reassignment_to_the_owner_already_in_force_is_a_retry_and_one_outside_the_year_is_refused()
    {
        var state = Projects();
        ReassignOwnerDecision.Decide(Plan, state.Owners, 2024, false, new ReassignOwner("gxj", new DateOnly(2024, 7, 1), "文件", null), Reviewer, Today)
            .ShouldBeOfType<Decision.AlreadyDone>();
        ReassignOwnerDecision.Decide(Plan, state.Owners, 2024, false, new ReassignOwner("szj", new DateOnly(2025, 1, 1), "文件", null), Reviewer, Today)
            .ShouldRefuse(RefusalKind.Invalid, "effectiveFrom");
        ReassignOwnerDecision.Decide(Plan, state.Owners, 2024, false, new ReassignOwner("szj", new DateOnly(2024, 7, 1), " ", null), Reviewer, Today)
            .ShouldRefuse(RefusalKind.Invalid, "basis");
        ReassignOwnerDecision.Decide(Plan, state.Owners, 2024, true, new ReassignOwner("szj", new DateOnly(2024, 7, 1), "文件", null), Reviewer, Today)
            .ShouldRefuse(RefusalKind.Conflict, "item");
        // The item's own department may not move it: reassignment is a reviewer's or an administrator's.
        ReassignOwnerDecision.Decide(Plan, state.Owners, 2024, false, new ReassignOwner("szj", new DateOnly(2024, 7, 1), "文件", null), Reporter, Today)
            .ShouldRefuse(RefusalKind.Forbidden, "role");
    }

    [Fact]
    public void A_closed_year_takes_only_a_reviewers_correction_with_a_reason()
    {
        var state = Procurement(Reported("2024-06", 14m)).Apply(new ItemClosed("决算", ActedBy.System()), At(12, 31));
        var reviewer = new ActedBy("qian.jun", "fgj", null, [Roles.Reviewer]);
        var now = At(12, 31).AddDays(30);

        ReportValueDecision.Decide(state, new ReportValue("r7", Period.Month(2024, 7), 15m, "亿元", null, null), Reporter, now)
            .ShouldRefuse(RefusalKind.Conflict, "item");
        RetractValueDecision.Decide(state, new RetractValue(Period.Month(2024, 6), "错报"), Reporter, now).ShouldRefuse(RefusalKind.Conflict, "item");
        CorrectValueDecision.Decide(state, new CorrectValue(Period.Month(2024, 6), 15m, "亿元", "审计调整"), Reporter, now).ShouldRefuse(RefusalKind.Conflict, "item");
        CorrectValueDecision.Decide(state, new CorrectValue(Period.Month(2024, 6), 15m, "亿元", ""), reviewer, now).ShouldRefuse(RefusalKind.Invalid, "reason");
        CorrectValueDecision.Decide(state, new CorrectValue(Period.Month(2024, 6), 15m, "亿元", "审计调整"), reviewer, now).ShouldAccept<ValueCorrected>();
    }

    [Fact]
    public void A_department_is_named_by_effective_date_and_exists_from_its_first()
    {
        var plan = Plans.PlanState.Empty
            .Apply(new Plans.DepartmentAdded("sjb", "市数据局", new DateOnly(2024, 7, 1), "文件一", Reporter))
            .Apply(new Plans.DepartmentRenamed("sjb", "市数据资源局", "市数据局", new DateOnly(2024, 10, 1), "文件二", Reporter))
            // Recorded last, effective earlier: it does not override the October name.
            .Apply(new Plans.DepartmentRenamed("sjb", "市大数据局", "市数据局", new DateOnly(2024, 8, 1), "文件三", Reporter));
        var sjb = plan.Departments["sjb"];

        sjb.NameOn(new DateOnly(2024, 7, 15)).ShouldBe("市数据局");
        sjb.NameOn(new DateOnly(2024, 9, 1)).ShouldBe("市大数据局");
        sjb.NameOn(new DateOnly(2024, 11, 1)).ShouldBe("市数据资源局");
        sjb.ExistsOn(new DateOnly(2024, 6, 30)).ShouldBeFalse();
        sjb.ExistsOn(new DateOnly(2024, 7, 1)).ShouldBeTrue();
    }
}
