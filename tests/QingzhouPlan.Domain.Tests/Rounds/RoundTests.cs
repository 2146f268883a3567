using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Rounds;
using static QingzhouPlan.Domain.Tests.Indicators.Given;

namespace QingzhouPlan.Domain.Tests.Rounds;

public sealed class RoundTests
{
    private static readonly ActedBy Head = new("gxj.head", "gxj", "trace-4", [Roles.Approver]);
    private static readonly ActedBy OtherHead = new("czj.head", "czj", "trace-5", [Roles.Approver]);

    private static readonly RoundPolicy Policy = new(
        [new ApprovalLevel("department", "部门审核", Roles.Approver, true), new ApprovalLevel("city", "综合审核", Roles.Reviewer, false)],
        [
            new QualityRule("step", "月度变动", RuleKind.PeriodChange, RuleSeverity.Explain, "LOCAL-PROCUREMENT", null, 5m, null, "突破 30 亿元"),
            new QualityRule("range", "合理范围", RuleKind.Bounds, RuleSeverity.Block, "LOCAL-PROCUREMENT", 0m, 100m, null, "突破 30 亿元"),
        ],
        new ReportingWindow(0, 20));

    private static readonly Period June = Period.Month(2024, 6);

    private static IndicatorState Apply(IndicatorState state, Decision decision) =>
        ((Decision.Accepted)decision).Events.Aggregate(state, (s, e) => s.Apply(e, July15));

    private static Decision Step(IndicatorState state, RoundAction action, string? level, ActedBy actor, string? message = null) =>
        RoundStepDecision.Decide(state, Policy, new RoundStep(action, June, level, message), actor, July15);

    [Fact]
    public void A_figure_moves_through_submission_both_levels_and_is_locked_until_sent_back()
    {
        var state = Procurement(Reported("2024-06", 14m));
        state = Apply(state, Step(state, RoundAction.Submit, null, Reporter));
        CorrectValueDecision.Decide(state, new CorrectValue(June, 13m, "亿元", "复核"), Reporter, July15, Policy).ShouldRefuse(RefusalKind.Conflict, "period");

        Step(state, RoundAction.Approve, "city", Reviewer).ShouldRefuse(RefusalKind.Conflict, "level");
        Step(state, RoundAction.Approve, "department", OtherHead).ShouldRefuse(RefusalKind.Forbidden, "item");
        state = Apply(state, Step(state, RoundAction.Approve, "department", Head));
        state = Apply(state, Step(state, RoundAction.Approve, "city", Reviewer));
        state.Approvals[June].ShouldBe(state.Approvals[June] with { Stage = ApprovalStage.Approved, Levels = 2 });
        Step(state, RoundAction.Approve, "city", Reviewer).ShouldBeOfType<Decision.AlreadyDone>();
        RetractValueDecision.Decide(state, new RetractValue(June, "错报"), Reporter, July15, Policy).ShouldRefuse(RefusalKind.Conflict, "period");

        // Only the level above withdraws an approval (the last level its own), with a reason; then that level may send it back.
        Step(state, RoundAction.Unapprove, "department", Head, "口径").ShouldRefuse(RefusalKind.Forbidden, "role");
        Step(state, RoundAction.Unapprove, "department", Reviewer, "口径").ShouldRefuse(RefusalKind.Conflict, "level");
        Step(state, RoundAction.Unapprove, "city", Reviewer).ShouldRefuse(RefusalKind.Invalid, "message");
        state = Apply(state, Step(state, RoundAction.Unapprove, "city", Reviewer, "口径有误"));
        Step(state, RoundAction.SendBack, "city", Reviewer).ShouldRefuse(RefusalKind.Invalid, "message");
        state = Apply(state, Step(state, RoundAction.SendBack, "city", Reviewer, "请按新口径重报"));
        state.Approvals[June].Message.ShouldBe("请按新口径重报");
        CorrectValueDecision.Decide(state, new CorrectValue(June, 13m, "亿元", "按新口径"), Reporter, July15, Policy).ShouldAccept<ValueCorrected>();
    }

    [Fact]
    public void A_reporter_cannot_approve_and_an_approver_cannot_submit()
    {
        var state = Procurement(Reported("2024-06", 14m));
        Step(state, RoundAction.Submit, null, Head).ShouldRefuse(RefusalKind.Forbidden, "role");
        state = Apply(state, Step(state, RoundAction.Submit, null, Reporter));
        Step(state, RoundAction.Approve, "department", Reporter).ShouldRefuse(RefusalKind.Forbidden, "role");
        Step(state, RoundAction.Approve, "nowhere", Head).ShouldRefuse(RefusalKind.Invalid, "level");
    }

    [Fact]
    public void A_soft_rule_needs_an_explanation_kept_beside_the_figure_and_a_hard_rule_refuses()
    {
        var state = Procurement(Reported("2024-05", 10m));
        ReportValueDecision.Decide(state, new ReportValue("r6", June, 18m, "亿元", null, null), Reporter, July15, Policy)
            .ShouldRefuse(RefusalKind.Invalid, "explanation").Clerk.ShouldContain("月度变动");
        var accepted = (Decision.Accepted)ReportValueDecision.Decide(state, new ReportValue("r6", June, 18m, "亿元", null, null, "大额订单集中结算"), Reporter, July15, Policy);
        accepted.Events.OfType<FigureExplained>().Single().Rules.ShouldBe(["step"]);
        Apply(state, accepted).Explanations[June].Explanation.ShouldBe("大额订单集中结算");

        ReportValueDecision.Decide(state, new ReportValue("r6", June, 120m, "亿元", null, null, "说明"), Reporter, July15, Policy)
            .ShouldRefuse(RefusalKind.Invalid, "value").Message.ShouldContain("range");
    }

    [Fact]
    public void Entry_closes_twenty_days_after_the_deadline_except_for_reviewers_and_under_an_exception()
    {
        var state = Procurement(Reported("2024-05", 10m));
        var closed = new DateTimeOffset(2024, 8, 1, 9, 0, 0, TimeSpan.FromHours(8));
        ReportValueDecision.Decide(state, new ReportValue("r6", June, 11m, "亿元", null, null), Reporter, closed, Policy).ShouldRefuse(RefusalKind.Invalid, "period");
        ReportValueDecision.Decide(state, new ReportValue("r6", June, 11m, "亿元", null, null), Reporter, closed.AddDays(-2), Policy).ShouldAccept<ValueReported>();

        OpenWindowExceptionDecision.Decide(state, new OpenWindowException(June, closed.AddDays(1), "补报"), Reporter, closed).ShouldRefuse(RefusalKind.Forbidden, "role");
        OpenWindowExceptionDecision.Decide(state, new OpenWindowException(June, closed.AddDays(60), "补报"), Reviewer, closed).ShouldRefuse(RefusalKind.Invalid, "until");
        var opened = Apply(state, OpenWindowExceptionDecision.Decide(state, new OpenWindowException(June, closed.AddDays(1), "补报"), Reviewer, closed));
        ReportValueDecision.Decide(opened, new ReportValue("r6", June, 11m, "亿元", null, null), Reporter, closed, Policy).ShouldAccept<ValueReported>();
        ReportValueDecision.Decide(opened, new ReportValue("r6", June, 11m, "亿元", null, null), Reporter, closed.AddDays(2), Policy).ShouldRefuse(RefusalKind.Invalid, "period");
    }

    [Fact]
    public void A_year_on_year_band_judges_the_years_last_period_against_last_years_result_and_nothing_else()
    {
        // 2023's result was 21 亿元 (given in 万元 here, converted); a 60 % band.
        var rule = new QualityRule("yoy", "同比变动", RuleKind.YearOnYear, RuleSeverity.Explain, "LOCAL-PROCUREMENT", null, 60m, null, "突破 30 亿元");
        var indicator = Defined(baseline: new Baseline(210000m, "万元", 2023, "2023年实现 21 亿元"));
        IReadOnlyList<RuleFinding> Check(string period, decimal value) =>
            QualityCheck.Item([rule], indicator, null, new Dictionary<Period, decimal>(), Period.Parse(period), value);

        Check("2024-12", 33m).ShouldBeEmpty("+57 % is within the band");
        var finding = Check("2024-12", 36m).ShouldHaveSingleItem();
        finding.Clerk.ShouldBe("「同比变动」：36 亿元 比上年同期（21）增长 71.4%，超过 60%");
        Check("2024-12", 8m).ShouldHaveSingleItem().Clerk.ShouldContain("下降 61.9%");
        Check("2024-11", 36m).ShouldBeEmpty("November 2023 is not known to this plan");
        QualityCheck.Item([rule], Defined(), null, new Dictionary<Period, decimal>(), Period.Parse("2024-12"), 36m).ShouldBeEmpty("no baseline, no 上年同期");

        // A rate moves in points: 2023's growth was 6.1 %; 12.5 % is 6.4 points more, beyond a band of 5.
        var growth = Defined(measure: MeasureKind.GrowthRate, unit: "%", baseline: new Baseline(6.1m, "%", 2023, "2023年增长 6.1%"));
        var points = rule with { Max = 5m };
        QualityCheck.Item([points], growth, null, new Dictionary<Period, decimal>(), Period.Parse("2024-12"), 10m).ShouldBeEmpty();
        QualityCheck.Item([points], growth, null, new Dictionary<Period, decimal>(), Period.Parse("2024-12"), 12.5m).ShouldHaveSingleItem().Clerk
            .ShouldBe("「同比变动」：12.5 % 比上年同期（6.1）增长 6.4个百分点，超过 5个百分点");
    }

    [Fact]
    public void Linked_to_last_year_s_item_a_year_on_year_band_judges_every_period_in_either_unit()
    {
        // The previous plan's item reported in 亿元 month by month; this plan's in 万元.
        var rule = new QualityRule("yoy", "同比变动", RuleKind.YearOnYear, RuleSeverity.Explain, "LOCAL-PROCUREMENT", null, 60m, null, "突破 30 亿元");
        var indicator = Defined(unit: "万元", baseline: new Baseline(210000m, "万元", 2023, "2023年实现 21 亿元"));
        var lastYear = new LastYear("亿元", new Dictionary<Period, decimal> { [Period.Parse("2023-06")] = 10m, [Period.Parse("2023-12")] = 20m });
        IReadOnlyList<RuleFinding> Check(string period, decimal value) =>
            QualityCheck.Item([rule], indicator, null, new Dictionary<Period, decimal>(), Period.Parse(period), value, lastYear);

        Check("2024-06", 150000m).ShouldBeEmpty("+50 % on June 2023's 10 亿元");
        Check("2024-06", 170000m).ShouldHaveSingleItem().Clerk.ShouldContain("比上年同期（100000）增长 70%");
        // December: the linked item's own figure (20 亿元), not the published result (21 亿元).
        Check("2024-12", 330000m).ShouldHaveSingleItem().Clerk.ShouldContain("比上年同期（200000）增长 65%");
        Check("2024-05", 500000m).ShouldBeEmpty("May 2023 was not reported");
    }

    [Fact]
    public void Rules_across_items_compare_the_two_figures_of_a_period()
    {
        var notAbove = new QualityRule("piles", "充电站不多于充电桩", RuleKind.NotAbove, RuleSeverity.Block, "STATIONS", null, null, "PILES", "15 处，138 个");
        QualityCheck.Across(notAbove, June, 16m, 10m)!.Clerk.ShouldContain("充电站不多于充电桩");
        QualityCheck.Across(notAbove, June, 10m, 16m).ShouldBeNull();
        QualityCheck.Across(notAbove, June, 10m, null).ShouldBeNull();
        var near = new QualityRule("sync", "同步", RuleKind.Near, RuleSeverity.Explain, "INCOME", null, 3m, "GDP", "5.5%左右");
        QualityCheck.Across(near, June, 9.1m, 5.5m).ShouldNotBeNull();
        QualityCheck.Across(near, June, 8.5m, 5.5m).ShouldBeNull();
    }
}
