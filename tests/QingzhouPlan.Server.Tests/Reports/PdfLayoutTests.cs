using System.Diagnostics;
using QingzhouPlan.Domain.Reports.Documents;
using QingzhouPlan.Server.Reports.Documents;

namespace QingzhouPlan.Server.Tests.Reports;

/// <summary>The PDF writer's layout at its edges: a table row longer than a page goes on under the repeated header.</summary>
public sealed class PdfLayoutTests
{
    [Fact]
    public async Task A_row_longer_than_a_page_continues_on_the_next_pages_and_loses_nothing()
    {
        var reason = string.Concat(Enumerable.Range(1, 400).Select(i => $"第{i}条更正原因。"));
        var document = new ReportDocument("测试报告", "（2024年1—6月）", "页脚", new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero),
        [
            new DocumentBlock.Table("长表", [new TableColumn("序号", 0.1), new TableColumn("原因", 0.9)], [["1", reason], ["2", "末行"]]),
        ]);

        var file = Path.Combine(Path.GetTempPath(), $"qz-layout-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, PdfReportWriter.Write(document, CjkFont.DefaultFile));
        try
        {
            var text = await Text(file);
            text.ShouldContain("第1条更正原因");
            text.ShouldContain("第400条更正原因");
            text.ShouldContain("末行");
            // Each page that carries a piece of the row repeats the header.
            var pages = text.Split('\f', StringSplitOptions.RemoveEmptyEntries);
            pages.Length.ShouldBeGreaterThan(1);
            pages.ShouldAllBe(p => p.Contains("原因"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> Text(string file)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, ArgumentList = { "-layout", file, "-" } };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return System.Text.RegularExpressions.Regex.Replace(output, "[ ]+", "");
    }
}
