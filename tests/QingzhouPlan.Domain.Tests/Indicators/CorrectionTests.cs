using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;
using static QingzhouPlan.Domain.Tests.Indicators.Given;

namespace QingzhouPlan.Domain.Tests.Indicators;

public sealed class CorrectionTests
{
    [Fact]
    public void A_correction_replaces_the_standing_figure_and_remembers_the_previous()
    {
        var state = Procurement(Reported("2024-05", 12m), Reported("2024-06", 14m));

        var corrected = CorrectValueDecision.Decide(state, new CorrectValue(Period.Month(2024, 6), 13.5m, "亿元", "统计口径调整"), Reporter, July15)
            .ShouldAccept<ValueCorrected>();

        (corrected.Value, corrected.PreviousValue, corrected.Reason).ShouldBe((13.5m, 14m, "统计口径调整"));
        state.Apply(corrected, July15).Figures[Period.Month(2024, 6)].Value.ShouldBe(13.5m);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_correction_without_a_reason_is_refused(string reason) =>
        CorrectValueDecision.Decide(Procurement(Reported("2024-06", 14m)), new CorrectValue(Period.Month(2024, 6), 13m, "亿元", reason), Reporter, July15)
            .ShouldRefuse(RefusalKind.Invalid, "reason");

    [Fact]
    public void A_correction_of_a_period_never_reported_is_refused() =>
        CorrectValueDecision.Decide(Procurement(), new CorrectValue(Period.Month(2024, 6), 13m, "亿元", "why"), Reporter, July15)
            .ShouldRefuse(RefusalKind.Invalid, "period");

    [Fact]
    public void A_correction_to_the_standing_value_changes_nothing_and_is_refused() =>
        CorrectValueDecision.Decide(Procurement(Reported("2024-06", 14m)), new CorrectValue(Period.Month(2024, 6), 140000m, "万元", "same"), Reporter, July15)
            .ShouldRefuse(RefusalKind.Conflict, "value");

    [Fact]
    public void A_correction_may_lower_an_earlier_period_below_its_old_value_but_not_below_the_one_before()
    {
        var state = Procurement(Reported("2024-04", 10m), Reported("2024-05", 12m), Reported("2024-06", 14m));

        CorrectValueDecision.Decide(state, new CorrectValue(Period.Month(2024, 5), 11m, "亿元", "重复计算"), Reporter, July15).ShouldAccept<ValueCorrected>();
        CorrectValueDecision.Decide(state, new CorrectValue(Period.Month(2024, 5), 9m, "亿元", "重复计算"), Reporter, July15)
            .ShouldRefuse(RefusalKind.Invalid, "value");
    }

    [Fact]
    public void A_retraction_needs_a_reason_and_a_standing_figure_and_removes_it()
    {
        var state = Procurement(Reported("2024-06", 14m));

        RetractValueDecision.Decide(state, new RetractValue(Period.Month(2024, 6), ""), Reporter, July15).ShouldRefuse(RefusalKind.Invalid, "reason");
        RetractValueDecision.Decide(state, new RetractValue(Period.Month(2024, 5), "why"), Reporter, July15).ShouldRefuse(RefusalKind.Invalid, "period");
        var retracted = RetractValueDecision.Decide(state, new RetractValue(Period.Month(2024, 6), "报送错误"), Reporter, July15).ShouldAccept<ValueRetracted>();
        retracted.PreviousValue.ShouldBe(14m);
        state.Apply(retracted, July15).Figures.ShouldBeEmpty();
    }

    [Fact]
    public void Verification_confirms_once_and_a_correction_needs_verifying_again()
    {
        var state = Procurement(Reported("2024-06", 14m));
        var verify = new VerifyValue(Period.Month(2024, 6), "已核");

        var verified = state.Apply(VerifyValueDecision.Decide(state, verify, Reviewer, July15).ShouldAccept<ValueVerified>(), July15);
        VerifyValueDecision.Decide(verified, verify, Reviewer, July15).ShouldBeOfType<Decision.AlreadyDone>();
        var corrected = verified.Apply(new ValueCorrected(Period.Month(2024, 6), 13m, 14m, 13m, "亿元", "x", Reporter), July15);
        VerifyValueDecision.Decide(corrected, verify, Reviewer, July15).ShouldAccept<ValueVerified>().Value.ShouldBe(13m);
        // The department that reported the figure does not verify it.
        VerifyValueDecision.Decide(corrected, verify, Reporter, July15).ShouldRefuse(RefusalKind.Forbidden, "role");
    }

    [Fact]
    public void A_target_adjustment_needs_reason_legal_basis_and_a_date_in_the_plan_year()
    {
        var state = Procurement();
        AdjustTarget Adjust(decimal value, string reason = "省下达任务调整", string basis = "市人大常委会批准", int year = 2024) =>
            new(new Target(value, Comparator.Exceed), new DateOnly(year, 7, 1), reason, basis);

        AdjustTargetDecision.Decide(state, Adjust(35m, reason: ""), Reviewer, July15).ShouldRefuse(RefusalKind.Invalid, "reason");
        AdjustTargetDecision.Decide(state, Adjust(35m, basis: " "), Reviewer, July15).ShouldRefuse(RefusalKind.Invalid, "legalBasis");
        AdjustTargetDecision.Decide(state, Adjust(35m, year: 2025), Reviewer, July15).ShouldRefuse(RefusalKind.Invalid, "effectiveFrom");
        AdjustTargetDecision.Decide(state, Adjust(30m), Reviewer, July15).ShouldRefuse(RefusalKind.Conflict, "value");
        // Nor does it adjust its own target.
        AdjustTargetDecision.Decide(state, Adjust(35m), Reporter, July15).ShouldRefuse(RefusalKind.Forbidden, "role");
        var adjusted = AdjustTargetDecision.Decide(state, Adjust(35m), Reviewer, July15).ShouldAccept<TargetAdjusted>();
        adjusted.PreviousTarget.Value.ShouldBe(30m);
        state.Apply(adjusted, July15).TargetFor(Period.Month(2024, 7))!.Target.Value.ShouldBe(35m);
    }

    [Theory]
    [InlineData(Comparator.Approximately, 0)]
    [InlineData(Comparator.AtLeast, 0.5)]
    public void An_adjusted_target_takes_a_tolerance_only_when_approximate(Comparator comparator, decimal tolerance) =>
        AdjustTargetDecision.Decide(Procurement(), new AdjustTarget(new Target(35m, comparator, tolerance), new DateOnly(2024, 7, 1), "r", "b"), Reviewer, July15)
            .ShouldRefuse(RefusalKind.Invalid, "tolerance");
}
