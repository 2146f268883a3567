using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Reports;

/// <summary>
/// The execution report as documents, read back as a reader's tools read them: Debian's poppler (pdftotext, pdffonts,
/// pdftoppm) for the PDF, the XML inside the DOCX. Every figure of the as-of report the API answers is in both; the
/// Chinese font is embedded; an edition renders to the same bytes before and after a later correction; an as-of
/// document shows each figure as it stood. Page images of the first two pages are kept with the test results.
/// </summary>
public sealed partial class ReportDocumentTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly ManualClock _clock = ManualClock.At(2024, 7, 5);
    private readonly PlanHost _host;
    private readonly HttpClient _auditor;

    public ReportDocumentTests()
    {
        _host = new PlanHost(clock: _clock);
        _auditor = _host.ClientAs("he.audit", "sjj", "auditor");
    }

    public async Task InitializeAsync()
    {
        await Workload.ReportMonths(_host, 1, 6);
        // A lagging figure with the department's own words, for the 滞后指标及原因 section.
        (await _host.ClientAs("wang.fang", "czj").PostJson($"{Plan}/indicators/BUDGET-REVENUE/reports",
            new { reportId = "br-06", period = "2024-06", value = 2.1m, unit = "%", note = "减税降费政策翘尾影响" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _host.ClientAs("sun.li", "tjj").PostJson($"{Plan}/indicators/GDP/reports",
            new { reportId = "gdp-h1", period = "2024-Q2", value = 5.6m, unit = "%" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Advance(TimeSpan.FromHours(2));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_figure_of_the_as_of_report_is_in_the_pdf_and_the_docx_with_the_chinese_font_embedded()
    {
        var report = await (await _auditor.GetAsync($"{Plan}/reports/2024-06")).Json();
        var figures = report.GetProperty("indicators").EnumerateArray()
            .Where(l => l.GetProperty("value").ValueKind == JsonValueKind.Number)
            .Select(l => (Name: l.GetProperty("name").GetString()!, Value: l.GetProperty("value").GetDecimal().ToString("0.####", CultureInfo.InvariantCulture)))
            .ToList();
        figures.Count.ShouldBeGreaterThanOrEqualTo(4);

        var pdf = await Document("2024-06", "pdf");
        var file = Keep(pdf, "report-2024-06.pdf");
        var text = Squeezed(await Run("pdftotext", "-layout", file, "-"));
        text.ShouldContain(Squeezed("青州市2024年国民经济和社会发展规划执行情况"));
        text.ShouldContain(Squeezed("一、总体情况"));
        text.ShouldContain(Squeezed("地区生产总值增长5.6%，完成年度目标的"));
        text.ShouldContain(Squeezed("部门说明：减税降费政策翘尾影响"));
        foreach (var (name, value) in figures)
        {
            text.ShouldContain(Squeezed(name), Case.Sensitive, name);
            text.ShouldContain(value, Case.Sensitive, $"{name} {value}");
        }
        // name, type, encoding, emb, sub, uni: one font, the CJK face embedded as a subset with a Unicode map (text selectable).
        var fonts = (await Run("pdffonts", file)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        fonts.ShouldHaveSingleItem();
        Regex.IsMatch(fonts[0], @"^[A-Z]{6}\+WenQuanYi Micro Hei\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes").ShouldBeTrue(fonts[0]);
        await Run("pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", file, Path.Combine(Folder, "report-page"));
        Directory.GetFiles(Folder, "report-page-*.png").Length.ShouldBe(2);

        var docx = await Document("2024-06", "docx");
        Keep(docx, "report-2024-06.docx");
        var words = DocxText(docx);
        words.ShouldContain("一、总体情况");
        foreach (var (name, value) in figures)
        {
            words.ShouldContain(name);
            words.ShouldContain(value);
        }
        Charts(docx).ShouldBe(5, "a chart per headline indicator (主要预期目标)");
        // Valid against the Office schemas, as Word will open it.
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(word).Select(e => $"{e.Part?.Uri}: {e.Description}").Distinct().Take(10).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_edition_renders_to_the_same_bytes_before_and_after_a_correction_and_an_as_of_document_shows_each_figure_as_it_stood()
    {
        var admin = _host.ClientAs("zhang.admin", "fgj", "admin");
        (await admin.PostJson($"{Plan}/editions", new { period = "2024-06", title = "2024年上半年执行情况" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var number = (await (await _auditor.GetAsync($"{Plan}/editions")).Json()).EnumerateArray().Max(e => e.GetProperty("number").GetInt32());
        // The edition's document carries its signed checkpoint, which follows the publication by moments.
        HttpResponseMessage? first = null;
        await Wait.Until(async () => (first = await _auditor.GetAsync($"{Plan}/reports/2024-06/document?edition={number}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30));
        var pdf = await first!.Content.ReadAsByteArrayAsync();
        var docx = await Document("2024-06", "docx", $"edition={number}");
        var before = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromHours(1));

        (await _host.ClientAs("zhao.min", "gxj").PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/corrections",
            new { period = "2024-06", value = 16.25m, unit = "亿元", reason = "补录两家企业" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Advance(TimeSpan.FromHours(1));

        Sha(await Document("2024-06", "pdf", $"edition={number}")).ShouldBe(Sha(pdf));
        Sha(await Document("2024-06", "docx", $"edition={number}")).ShouldBe(Sha(docx));
        var editionText = Squeezed(await Run("pdftotext", "-layout", Keep(pdf, "edition.pdf"), "-"));
        editionText.ShouldContain(Squeezed($"第{number}版"));
        editionText.ShouldContain("透明日志检查点");
        editionText.ShouldNotContain("16.25", Case.Sensitive, "the edition shows June as published (15), not as corrected");

        var then = DocxText(await Document("2024-06", "docx", $"asOf={Uri.EscapeDataString(before.ToString("O"))}"));
        var now = DocxText(await Document("2024-06", "docx"));
        then.ShouldNotContain("16.25");
        now.ShouldContain("16.25");
        // 变动情况 names the change since the edition, from what to what, and why.
        now.ShouldContain($"与第{number}版");
        var changes = now[now.IndexOf($"自第{number}版以来的变动", StringComparison.Ordinal)..];
        changes.ShouldContain("15 亿元");
        changes.ShouldContain("16.25 亿元");
        changes.ShouldContain("补录两家企业");
    }

    [Fact]
    public async Task A_wrong_format_or_both_an_edition_and_an_instant_are_refused_and_a_viewer_may_not_read_the_past()
    {
        (await _auditor.GetAsync($"{Plan}/reports/2024-06/document?format=odt")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var both = await _auditor.GetAsync($"{Plan}/reports/2024-06/document?edition=1&asOf=2024-07-01");
        both.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await both.ProblemErrors()).ShouldContainKey("edition");
        (await _auditor.GetAsync($"{Plan}/reports/2024-06/document?edition=99")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.ClientAs("zhou.viewer", "tjj", "viewer").GetAsync($"{Plan}/reports/2024-06/document")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private async Task<byte[]> Document(string period, string format, string? query = null)
    {
        var response = await _auditor.GetAsync($"{Plan}/reports/{period}/document?format={format}{(query is null ? "" : "&" + query)}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("QZ_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string Keep(byte[] bytes, string name)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // pdftotext lays text out in columns with spaces between; the words are compared without them.
    private static string Squeezed(string text) => Regex.Replace(text, @"\s+", "");

    private static string DocxText(byte[] docx)
    {
        using var zip = new ZipArchive(new MemoryStream(docx));
        using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        return string.Concat(TextRuns().Matches(reader.ReadToEnd()).Select(m => m.Groups[1].Value + "\n"));
    }

    private static int Charts(byte[] docx)
    {
        using var zip = new ZipArchive(new MemoryStream(docx));
        using var reader = new StreamReader(zip.GetEntry("[Content_Types].xml")!.Open());
        return Regex.Count(reader.ReadToEnd(), "drawingml.chart\\+xml");
    }

    private static async Task<string> Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start (Debian: poppler-utils)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {await error}");
        return await output;
    }

    [GeneratedRegex("<w:t(?: [^>]*)?>([^<]*)</w:t>")]
    private static partial Regex TextRuns();
}
