using QingzhouPlan.Domain.Periods;
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
