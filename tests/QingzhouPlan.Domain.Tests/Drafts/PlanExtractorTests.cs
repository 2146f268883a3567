using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Tests.Drafts;

/// <summary>The rules of the genre the extractor reads plan documents by, one clause at a time.</summary>
public sealed class PlanExtractorTests
{
    private const string Review = "一、2023年国民经济和社会发展计划执行情况\n";
    private const string Plan = "二、2024年经济社会发展的主要目标和任务\n主要预期目标：";

    private static QuantityProposal Only(string text) => PlanExtractor.Extract(text).Quantities.ShouldHaveSingleItem();

    [Theory]
    [InlineData("地区生产总值增长5.5%左右。", 5.5, "%", Comparator.Approximately)]
    [InlineData("新建开通基站 80 个以上。", 80, "个", Comparator.AtLeast)]
    [InlineData("“地企互采”金额突破 30 亿元。", 30, "亿元", Comparator.Exceed)]
    [InlineData("力争新增贷款 100 亿元。", 100, "亿元", Comparator.Strive)]
    [InlineData("居民消费价格涨幅控制在3%以内。", 3, "%", Comparator.AtMost)]
    [InlineData("城镇新增就业1.2万人。", 1.2, "万人", Comparator.Reach)]
    [InlineData("新建提升高标准农田1万亩以上。", 1, "万亩", Comparator.AtLeast)]
    public void A_target_has_its_value_unit_and_the_comparator_its_words_give(string clause, double value, string unit, Comparator comparator)
    {
        var target = Only(Plan + clause);
        (target.Kind, target.Value, target.Unit, target.Comparator).ShouldBe((QuantityKind.Target, (decimal)value, unit, (Comparator?)comparator));
        Plan.Length.ShouldBeLessThanOrEqualTo(target.Start);
    }

    [Fact]
    public void A_word_after_a_list_is_every_items_comparator()
    {
        var targets = PlanExtractor.Extract(Plan + "城乡居民人均可支配收入分别增长6.5%、8%左右。").Quantities;
        targets.Select(t => (t.Value, t.Comparator)).ShouldBe([(6.5m, (Comparator?)Comparator.Approximately), (8m, Comparator.Approximately)]);
    }

    [Fact]
    public void Last_years_figures_are_results_a_fall_is_negative_and_a_round_figure_is_the_one_stated()
    {
        var results = PlanExtractor.Extract(Review + "工业投资下降7.3%，实现城镇新增就业 1 万余人，开展活动 1100 余场次。").Quantities;
        results.ShouldAllBe(r => r.Kind == QuantityKind.Result && r.Comparator == null);
        results.Select(r => (r.Value, r.Unit)).ShouldBe([(-7.3m, "%"), (1m, "万人"), (1100m, "场次")]);
        results[0].Measure.ShouldBe(MeasureKind.GrowthRate);
    }

    [Theory]
    [InlineData("新建开通 5G 基站。")]
    [InlineData("抓好 3D 打印新技术应用。")]
    [InlineData("对309国道实施大中修。")]
    [InlineData("用 3 个月完成整治。")]
    [InlineData("2024 年 1 月 12 日印发。")]
    public void Names_dates_and_spans_of_time_are_not_quantities(string clause) =>
        PlanExtractor.Extract(Plan + clause).Quantities.ShouldBeEmpty();

    [Theory]
    [InlineData("新建开通5G基站80个以上。", "新建开通5G基站")]
    [InlineData("建成309国道改造工程12公里。", "建成309国道改造工程")]
    [InlineData("新增贷款100亿元、引进企业5家。", "引进企业")]
    public void A_name_runs_through_the_digits_of_a_name_and_starts_after_the_previous_quantity(string clause, string name) =>
        PlanExtractor.Extract(Plan + clause).Quantities[^1].Name.ShouldBe(name);

    [Theory]
    [InlineData("积极创建国家级旅游度假区。", "积极创建国家级旅游度假区")]
    [InlineData("加快县镇农村产权流转交易市场建设，", "加快县镇农村产权流转交易市场建设")]
    [InlineData("对胶王路西段实施大中修。", "对胶王路西段实施大中修")]
    [InlineData("加强医共体建设，实现一站式健康管理中心服务\n\n全覆盖。", "实现一站式健康管理中心服务全覆盖")]
    public void A_task_is_a_clause_that_opens_with_a_verb_of_the_genre_and_counts_nothing(string clause, string task) =>
        PlanExtractor.Extract(Plan + "\n（一）推进产业升级。" + clause).Tasks.Select(t => t.Text).ShouldContain(task);

    [Theory]
    [InlineData("新建开通5G基站80个以上。")]
    [InlineData("外资外贸稳定增长。")]
    [InlineData("区域协调发展取得新成效。")]
    public void A_clause_with_a_figure_or_without_a_verb_is_no_task(string clause) =>
        PlanExtractor.Extract(Plan + "\n（一）推进产业升级。" + clause).Tasks.Where(t => t.Chapter == "一").Select(t => t.Text).ShouldBeEmpty();

    [Fact]
    public void The_clause_a_quantity_came_from_is_kept_with_its_offsets()
    {
        var text = Plan + "实施重点工业项目 100 个以上，投资 90 亿元以上。";
        var proposals = PlanExtractor.Extract(text).Quantities;
        proposals.Select(p => text.Substring(p.Start, p.Length)).ShouldBe(["实施重点工业项目 100 个以上", "投资 90 亿元以上"]);
        proposals.Select(p => p.Name).ShouldBe(["实施重点工业项目", "投资"]);
    }
}
