using System.Globalization;
using System.Text.Json;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Domain.Reports.Documents;

namespace QingzhouPlan.Domain.Tests.Reports;

/// <summary>How the execution report document words things: numbering, the span of a report, the headline sentences.</summary>
public sealed class ReportDocumentWordingTests
{
    private static IndicatorLine Line(string name, string unit, decimal? value, decimal? completion, ProgressStatus status) =>
        new("X", name, "目标", "tjj", unit, "2024-Q2", value, false, 5.5m, "5.5%左右", 5.5m, completion, status, 3);

    [Theory]
    [InlineData(1, "一")]
    [InlineData(9, "九")]
    [InlineData(10, "十")]
    [InlineData(12, "十二")]
    [InlineData(20, "二十")]
    [InlineData(47, "四十七")]
    public void Headings_count_in_chinese(int n, string words) => ChineseNumbers.Of(n).ShouldBe(words);

    [Theory]
    [InlineData("2024-06", "2024年1—6月")]
    [InlineData("2024-01", "2024年1月")]
    [InlineData("2024-Q3", "2024年1—9月")]
    [InlineData("2024-H1", "2024年1—6月")]
    [InlineData("2024-12", "2024年全年")]
    [InlineData("2025", "2025年全年")]
    public void A_report_covers_the_year_so_far(string period, string words) =>
        ReportDocumentBuilder.PeriodText(Period.Parse(period)).ShouldBe(words);

    [Fact]
    public void The_document_is_the_same_whatever_the_machines_locale()
    {
        var plan = new PlanAdopted("p", 2024, "某市", "某市2024年国民经济和社会发展计划", new DateOnly(2024, 1, 12), "人大", "plan.txt", "sha", [new Department("gxj", "市工业和信息化局")],
            [new Chapter("一", "工业")], ActedBy.System());
        var events = new object[]
        {
            Indicators.Given.Defined(), Indicators.Given.TargetOf(30.5m, Domain.Targets.Comparator.Approximately, 0.5m),
            Indicators.Given.Reported("2024-05", 12.25m), Indicators.Given.Reported("2024-06", 15.5m),
        };
        var known = events.Select((e, i) => new RecordedEvent("p/LOCAL-PROCUREMENT", i + 1, i + 1, Indicators.Given.July15.AddMinutes(i), e)).ToList();
        var sources = new DocumentSources(plan, new Dictionary<string, string> { ["gxj"] = "市工业和信息化局" }, Period.Month(2024, 6),
            Indicators.Given.July15.AddDays(1), known, null, null);
        string Rendered(string culture)
        {
            var before = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            try
            {
                var document = ReportDocumentBuilder.Build(sources);
                return JsonSerializer.Serialize(document.Blocks.Cast<object>().Prepend(document.Subtitle).Prepend(document.Title).ToArray());
            }
            finally
            {
                CultureInfo.CurrentCulture = before;
            }
        }

        var invariant = Rendered("");
        invariant.ShouldContain("15.5");
        invariant.ShouldContain("30.5");
        Rendered("de-DE").ShouldBe(invariant);
        Rendered("ar-SA").ShouldBe(invariant);
    }

    [Fact]
    public void A_headline_indicator_is_one_clause_as_such_reports_word_it()
    {
        ReportDocumentBuilder.Sentence(Line("地区生产总值增长", "%", 5.6m, 1.018m, ProgressStatus.OnTrack))
            .ShouldBe("地区生产总值增长5.6%，完成年度目标的101.8%，达到序时进度");
        ReportDocumentBuilder.Sentence(Line("一般公共预算收入增长", "%", -2m, -0.364m, ProgressStatus.Lagging))
            .ShouldBe("一般公共预算收入下降2%，滞后于序时进度");
        ReportDocumentBuilder.Sentence(Line("“地企互采”金额", "亿元", 31m, 1.033m, ProgressStatus.Met))
            .ShouldBe("“地企互采”金额31亿元，完成年度目标的103.3%，已完成年度目标");
        ReportDocumentBuilder.Sentence(Line("居民可支配收入增长", "%", null, null, ProgressStatus.NoData)).ShouldBe("居民可支配收入增长本期尚无数据");
    }
}
