using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Tests.Audit;

public sealed class IntegritySignalsTests
{
    private const string Gdp = "qingzhou-2024/GDP";
    private const string Jobs = "qingzhou-2024/URBAN-JOBS";
    // 10:00 北京时间 on a working day.
    private static readonly DateTimeOffset Morning = new(2024, 7, 8, 2, 0, 0, TimeSpan.Zero);

    private static ActedBy By(string user, string department, string? file = null) => new(user, department, null, [Roles.Reporter], file);

    private static LoggedAct Reported(long leaf, string stream, long version, Period period, DateTimeOffset at, ActedBy actor) =>
        new(leaf, stream, version, at, new ValueReported(period, 1m, $"r{leaf}", 1m, "亿元", null, null, actor));

    [Fact]
    public void An_ordinary_month_raises_nothing()
    {
        var acts = new[]
        {
            Reported(1, Gdp, 1, Period.Month(2024, 6), Morning, By("li.wei", "tjj")),
            Reported(2, Jobs, 1, Period.Month(2024, 6), Morning.AddMinutes(5), By("wang.fang", "rsj")),
        };
        IntegritySignals.Find(acts, [], 10).ShouldBeEmpty();
    }

    [Fact]
    public void One_account_reporting_for_two_departments_is_named_with_every_act()
    {
        var acts = new[]
        {
            Reported(1, Gdp, 1, Period.Month(2024, 6), Morning, By("li.wei", "tjj")),
            Reported(7, Jobs, 1, Period.Month(2024, 6), Morning.AddHours(1), By("li.wei", "rsj")),
        };
        var signal = IntegritySignals.Find(acts, [], 10).ShouldHaveSingleItem();
        signal.Kind.ShouldBe(SignalKind.SeveralDepartments);
        signal.Detail.ShouldBe("同一账号 li.wei 为 rsj、tjj 等多个部门填报");
        signal.Evidence.Select(e => e.Leaf).ShouldBe([1L, 7L]);
    }

    [Fact]
    public void A_correction_after_the_edition_that_published_the_figure_is_named_and_one_before_is_not()
    {
        var reviewer = By("qian.jun", "tjj");
        var acts = new[]
        {
            Reported(1, Gdp, 1, Period.Month(2024, 6), Morning, By("li.wei", "tjj")),
            new LoggedAct(2, Gdp, 2, Morning.AddHours(1), new ValueCorrected(Period.Month(2024, 6), 2m, 1m, 2m, "亿元", "核实", reviewer)),
            new LoggedAct(5, Gdp, 3, Morning.AddDays(3), new ValueCorrected(Period.Month(2024, 6), 3m, 2m, 3m, "亿元", "口径调整", reviewer)),
        };
        var edition = new PublishedEdition(1, Morning.AddDays(1), new Dictionary<string, long> { [Gdp] = 2 });
        var signal = IntegritySignals.Find(acts, [edition], 10).ShouldHaveSingleItem();
        signal.Kind.ShouldBe(SignalKind.RevisedAfterEdition);
        signal.Detail.ShouldBe($"第 1 版（2024-07-09）发布后，{Gdp} 2024-06 的数值被更正");
        signal.Evidence.ShouldHaveSingleItem().Leaf.ShouldBe(5L);
    }

    [Fact]
    public void A_first_report_after_its_deadline_is_named_and_one_on_the_last_day_is_not()
    {
        // June is due 10 days after it ends: by the end of 10 July, 北京时间.
        var lastDay = new DateTimeOffset(2024, 7, 10, 23, 0, 0, PlanClock.ChinaOffset);
        var late = new DateTimeOffset(2024, 7, 11, 9, 0, 0, PlanClock.ChinaOffset);
        var acts = new[]
        {
            Reported(1, Gdp, 1, Period.Month(2024, 6), lastDay.AddHours(-12), By("li.wei", "tjj")),
            Reported(2, Jobs, 1, Period.Month(2024, 6), late, By("li.wei", "tjj")),
        };
        var signal = IntegritySignals.Find(acts, [], 10).ShouldHaveSingleItem();
        signal.Kind.ShouldBe(SignalKind.ReportedAfterDeadline);
        signal.Evidence.ShouldHaveSingleItem().Leaf.ShouldBe(2L);
    }

    [Fact]
    public void Acts_at_night_are_named()
    {
        var night = new DateTimeOffset(2024, 7, 8, 23, 30, 0, PlanClock.ChinaOffset);
        var signal = IntegritySignals.Find([Reported(3, Gdp, 1, Period.Month(2024, 6), night, By("li.wei", "tjj"))], [], 10).ShouldHaveSingleItem();
        signal.Kind.ShouldBe(SignalKind.OffHours);
        signal.Detail.ShouldBe("li.wei 有 1 次操作在北京时间 22:00 至次日 7:00 之间");
    }

    [Fact]
    public void More_than_twenty_acts_in_a_minute_are_a_burst_but_one_forms_rows_are_one_act()
    {
        var typed = Enumerable.Range(0, 25).Select(i =>
            Reported(100 + i, $"qingzhou-2024/ITEM-{i}", 1, Period.Month(2024, 6), Morning.AddSeconds(i * 2), By("li.wei", "tjj"))).ToList();
        var burst = IntegritySignals.Find(typed, [], 10).ShouldHaveSingleItem();
        burst.Kind.ShouldBe(SignalKind.Burst);
        burst.Evidence.Count.ShouldBe(25);

        var form = Enumerable.Range(0, 25).Select(i =>
            Reported(200 + i, $"qingzhou-2024/ITEM-{i}", 1, Period.Month(2024, 6), Morning, By("zhao.min", "gxj", file: "sha256:abc"))).ToList();
        IntegritySignals.Find(form, [], 10).ShouldBeEmpty();
    }

    [Fact]
    public void The_system_is_never_a_suspect()
    {
        var night = new DateTimeOffset(2024, 7, 8, 3, 0, 0, PlanClock.ChinaOffset);
        IntegritySignals.Find([Reported(1, Gdp, 1, Period.Month(2024, 6), night, ActedBy.System())], [], 10).ShouldBeEmpty();
    }
}
