using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using static QingzhouPlan.Domain.Tests.Indicators.Given;

namespace QingzhouPlan.Domain.Tests.Forms;

public sealed class FormDecisionTests
{
    private static FigureEntry Row(string period, decimal value, string unit = "亿元", string? note = null) =>
        new(FormColumns.FiguresSheet, 5, "LOCAL-PROCUREMENT", Period.Parse(period), value, unit, note, false);

    [Fact]
    public void A_period_without_a_figure_is_reported_under_the_row_id()
    {
        var decision = FormDecision.Figure(Procurement(), Row("2024-06", 14m), "form-abc", Reporter, July15);

        var changed = decision.ShouldBeOfType<RowDecision.Changed>();
        var reported = changed.Events.ShouldHaveSingleItem().ShouldBeOfType<ValueReported>();
        (reported.ReportId, reported.Value).ShouldBe(("form-abc", 14m));
        changed.Change.Kind.ShouldBe(FormChangeKind.Report);
    }

    [Fact]
    public void The_same_figure_again_in_another_unit_changes_nothing() =>
        FormDecision.Figure(Procurement(Reported("2024-06", 14m)), Row("2024-06", 140_000m, "万元"), "form-x", Reporter, July15)
            .ShouldBeOfType<RowDecision.Unchanged>().Change.Kind.ShouldBe(FormChangeKind.Unchanged);

    [Fact]
    public void A_different_figure_for_a_reported_period_needs_the_reason_column()
    {
        var refused = FormDecision.Figure(Procurement(Reported("2024-06", 14m)), Row("2024-06", 13m), "form-x", Reporter, July15)
            .ShouldBeOfType<RowDecision.Refused>();

        refused.Finding.Column.ShouldBe(FormColumns.Note);
        refused.Finding.Message.ShouldStartWith("第5行「备注或更正原因」必填");
    }

    [Fact]
    public void With_a_reason_it_is_a_correction()
    {
        var changed = FormDecision.Figure(Procurement(Reported("2024-06", 14m)), Row("2024-06", 13m, note: "重复计算"), "form-x", Reporter, July15)
            .ShouldBeOfType<RowDecision.Changed>();

        changed.Events.ShouldHaveSingleItem().ShouldBeOfType<ValueCorrected>().Reason.ShouldBe("重复计算");
        (changed.Change.Kind, changed.Change.Before, changed.Change.After).ShouldBe((FormChangeKind.Correction, "14 亿元", "13 亿元"));
    }

    [Fact]
    public void An_item_of_another_department_is_refused_in_the_forms_words()
    {
        var refused = FormDecision.Figure(Procurement(), Row("2024-06", 14m), "form-x", Reporter with { Department = "fgj" }, July15)
            .ShouldBeOfType<RowDecision.Refused>();

        refused.Finding.Severity.ShouldBe(FindingSeverity.Error);
        refused.Finding.Message.ShouldStartWith("第5行「代码」无权填报：该事项自 2024-01-01 起由 gxj 负责");
    }

    public static TheoryData<string, string?> Refusals => new()
    {
        { "other-department", FormColumns.Code },
        { "viewer", FormColumns.Code },
        { "closed-year", FormColumns.Code },
        { "period-not-over", FormColumns.Period },
        { "other-year", FormColumns.Period },
        { "finer-than-frequency", FormColumns.Period },
        { "unknown-unit", FormColumns.Unit },
        { "other-dimension", FormColumns.Unit },
        { "implausible", FormColumns.Value },
        { "negative-amount", FormColumns.Value },
        { "below-year-to-date", FormColumns.Value },
        { "correction-reason-too-long", FormColumns.Note },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Every_refusal_reads_in_Chinese_at_its_column(string scenario, string? column)
    {
        var (state, row, actor) = scenario switch
        {
            "other-department" => (Procurement(), Row("2024-06", 14m), Reporter with { Department = "fgj" }),
            "viewer" => (Procurement(), Row("2024-06", 14m), Reporter with { Roles = [Roles.Viewer] }),
            "closed-year" => (Procurement(new Domain.Items.ItemClosed("决算", Admin)), Row("2024-06", 14m), Reporter),
            "period-not-over" => (Procurement(), Row("2024-07", 14m), Reporter),
            "other-year" => (Procurement(), Row("2023-06", 14m), Reporter),
            "finer-than-frequency" => (History(Defined(frequency: Frequency.Quarterly), TargetOf(30m)), Row("2024-06", 14m), Reporter),
            "unknown-unit" => (Procurement(), Row("2024-06", 14m, "斤"), Reporter),
            "other-dimension" => (Procurement(), Row("2024-06", 14m, "家"), Reporter),
            "implausible" => (Procurement(), Row("2024-06", 1e15m), Reporter),
            "negative-amount" => (Procurement(), Row("2024-06", -1m), Reporter),
            "below-year-to-date" => (Procurement(Reported("2024-05", 20m)), Row("2024-06", 14m), Reporter),
            "correction-reason-too-long" => (Procurement(Reported("2024-06", 20m)), Row("2024-06", 14m, note: new string('因', TextLimit.Characters + 1)), Reporter),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var finding = FormDecision.Figure(state, row, "form-x", actor, July15).ShouldBeOfType<RowDecision.Refused>().Finding;

        finding.Column.ShouldBe(column);
        finding.Message.ShouldBeClerkText();
    }

    [Fact]
    public void A_figure_the_indicator_cannot_take_names_the_column_at_fault() =>
        FormDecision.Figure(Procurement(), Row("2024-06", 14m, "家"), "form-x", Reporter, July15)
            .ShouldBeOfType<RowDecision.Refused>().Finding.Column.ShouldBe(FormColumns.Unit);

    [Fact]
    public void A_row_id_follows_the_rows_content_and_the_form()
    {
        var row = Row("2024-06", 14m);

        FormRowId.Of("f1", row).ShouldBe(FormRowId.Of("f1", row with { Row = 9 }));
        FormRowId.Of("f1", row).ShouldNotBe(FormRowId.Of("f1", row with { Value = 14.1m }));
        FormRowId.Of("f1", row).ShouldNotBe(FormRowId.Of("f2", row));
        FormRowId.Of("f1", row).Length.ShouldBeLessThanOrEqualTo(100);
    }
}
