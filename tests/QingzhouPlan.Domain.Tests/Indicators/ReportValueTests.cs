using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using static QingzhouPlan.Domain.Tests.Indicators.Given;

namespace QingzhouPlan.Domain.Tests.Indicators;

public sealed class ReportValueTests
{
    private static Decision When(IndicatorState state, string period, decimal value, string unit = "亿元", string reportId = "r-new") =>
        ReportValueDecision.Decide(state, new ReportValue(reportId, Period.Parse(period), value, unit, null, null), Reporter, July15);

    [Fact]
    public void A_figure_for_an_ended_period_is_reported_with_the_actor()
    {
        var reported = When(Procurement(), "2024-06", 14.2m).ShouldAccept<ValueReported>();

        reported.Period.ShouldBe(Period.Month(2024, 6));
        reported.Value.ShouldBe(14.2m);
        reported.Actor.ShouldBe(Reporter);
    }

    [Fact]
    public void A_compatible_unit_is_normalised_and_the_received_figure_kept()
    {
        var reported = When(Procurement(), "2024-06", 142000m, "万元").ShouldAccept<ValueReported>();

        reported.Value.ShouldBe(14.2m);
        (reported.ReceivedValue, reported.ReceivedUnit).ShouldBe((142000m, "万元"));
    }

    [Fact]
    public void An_unknown_indicator_is_not_found() =>
        When(IndicatorState.Empty, "2024-06", 1m).ShouldRefuse(RefusalKind.NotFound, "indicator");

    [Theory]
    [InlineData("2023-12")]
    [InlineData("2025-01")]
    public void A_period_outside_the_plan_year_is_refused(string period) =>
        When(Procurement(), period, 1m).ShouldRefuse(RefusalKind.Invalid, "period").Message.ShouldContain("outside the plan year");

    [Theory]
    [InlineData("2024-07")]
    [InlineData("2024-Q3")]
    [InlineData("2024")]
    public void A_period_that_has_not_ended_is_refused(string period) =>
        When(Procurement(), period, 1m).ShouldRefuse(RefusalKind.Invalid, "period").Message.ShouldContain("has not ended");

    [Fact]
    public void A_period_finer_than_the_reporting_frequency_is_refused() =>
        When(History(Defined(frequency: Frequency.Quarterly), TargetOf(30m)), "2024-05", 1m)
            .ShouldRefuse(RefusalKind.Invalid, "period").Message.ShouldContain("quarterly");

    [Fact]
    public void An_incompatible_unit_is_refused_naming_both_units() =>
        When(Procurement(), "2024-06", 12m, "个").ShouldRefuse(RefusalKind.Invalid, "unit").Message.ShouldContain("亿元");

    [Fact]
    public void An_absurdly_large_value_is_refused() =>
        When(Procurement(), "2024-06", 5_000_000_000_000m).ShouldRefuse(RefusalKind.Invalid, "value");

    [Fact]
    public void A_second_report_for_a_period_must_be_a_correction() =>
        When(Procurement(Reported("2024-06", 14m)), "2024-06", 15m)
            .ShouldRefuse(RefusalKind.Conflict, "period").Message.ShouldContain("correction");

    [Fact]
    public void A_year_to_date_figure_below_an_earlier_period_is_refused() =>
        When(Procurement(Reported("2024-05", 12m)), "2024-06", 11m)
            .ShouldRefuse(RefusalKind.Invalid, "value").Message.ShouldContain("2024-05");

    [Fact]
    public void A_year_to_date_figure_above_a_later_period_is_refused() =>
        When(Procurement(Reported("2024-06", 12m)), "2024-05", 13m).ShouldRefuse(RefusalKind.Invalid, "value");

    [Fact]
    public void Growth_rates_may_fall_from_one_period_to_the_next()
    {
        var state = History(Defined(MeasureKind.GrowthRate, frequency: Frequency.Quarterly, unit: "%"), TargetOf(5.5m),
            Reported("2024-Q1", 6.1m, unit: "%"));

        When(state, "2024-Q2", 5.2m, "%").ShouldAccept<ValueReported>();
    }

    [Fact]
    public void The_same_report_id_and_payload_again_is_already_done() =>
        When(Procurement(Reported("2024-06", 14m, "r-1")), "2024-06", 14m, reportId: "r-1").ShouldBeOfType<Decision.AlreadyDone>();

    [Fact]
    public void The_same_report_id_with_another_payload_conflicts() =>
        When(Procurement(Reported("2024-06", 14m, "r-1")), "2024-06", 15m, reportId: "r-1").ShouldRefuse(RefusalKind.Conflict, "reportId");
}
