using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>
/// Forms that must change nothing, each refused with the cell or the file at fault: figures that are not
/// figures, cells that cannot be placed, rows the department may not write, files that are not this system's
/// forms, and files built to exhaust the server.
/// </summary>
public sealed class FormRefusalTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private const string Form = $"{Plan}/departments/gxj/forms";
    private const int UploadLimit = 256 * 1024;
    private readonly ManualClock _clock = ManualClock.At(2024, 4, 5);
    private readonly PlanHost _host;
    private HttpClient _gxj = null!;

    // Small limits, so the tests need not build files of real size to reach them.
    public FormRefusalTests() => _host = new PlanHost(clock: _clock, overrides: new Dictionary<string, string?>
    {
        ["Forms:MaxUploadBytes"] = UploadLimit.ToString(),
        ["Forms:MaxUnpackedBytes"] = (4 * 1024 * 1024).ToString(),
        ["Forms:MaxEntries"] = "100",
    });

    public Task InitializeAsync()
    {
        _gxj = _host.ClientAs("li.wei", "gxj");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_bad_row_is_named_by_its_cell_and_the_good_rows_are_not_applied_either()
    {
        using var form = new FilledForm(await Template(_gxj, "gxj"));
        var f = form.Figures;
        form.Cell(f, "LOCAL-PROCUREMENT", FormColumns.Value).SetValue(8m);
        form.Cell(f, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.Value).SetValue("二十三");
        form.Cell(f, "QUALITY-ENTERPRISES", FormColumns.Value).FormulaA1 = "=SUM(B1:B2)";
        // Two figures in one merged cell: which row is it?
        var value = FilledForm.ColumnOf(f, FormColumns.Value);
        var (top, below) = (form.RowOf(f, "DIGITAL-PROJECTS"), form.RowOf(f, "DIGITAL-SCENARIOS"));
        f.Cell(top, value).SetValue(6);
        f.Range(top, value, below, value).Merge();
        // A row for 发改委's indicator, added under gxj's table.
        var extra = f.LastRowUsed()!.RowNumber() + 1;
        f.Cell(extra, 2).SetValue("FIXED-ASSET-INVESTMENT");
        f.Cell(extra, 4).SetValue("2024-03");
        f.Cell(extra, 5).SetValue("%");
        f.Cell(extra, value).SetValue(5);
        form.Cell(form.Tasks, "T-SME-INCUBATOR", FormColumns.NewStatus).SetValue("差不多了");
        var file = form.Save(calculated: false);

        var dryRun = await Upload(_gxj, file);
        dryRun.StatusCode.ShouldBe(HttpStatusCode.OK);
        var findings = (await dryRun.Json()).GetProperty("findings").EnumerateArray()
            .Where(x => x.GetProperty("severity").GetString() == "Error")
            .ToDictionary(x => x.GetProperty("cell").GetString() ?? $"row {x.GetProperty("row").GetInt32()}", x => x.GetProperty("message").GetString()!);
        findings.Count.ShouldBe(5, string.Join(" / ", findings.Select(x => $"{x.Key}: {x.Value}")));
        var i = form.RowOf(f, "KEY-INDUSTRIAL-INVESTMENT");
        findings[$"指标!I{i}"].ShouldBe($"第{i}行「本期数」不是数字（「二十三」）");
        findings[$"指标!I{form.RowOf(f, "QUALITY-ENTERPRISES")}"].ShouldContain("没有可用的计算结果");
        findings[$"指标!I{below}"].ShouldContain($"与单元格 I{top} 合并");
        // Another department's item is named at the cell of its code.
        findings[$"指标!{f.Cell(extra, FilledForm.ColumnOf(f, FormColumns.Code)).Address}"].ShouldStartWith($"第{extra}行「代码」无权填报：该事项自");
        findings[$"重点任务!E{form.RowOf(form.Tasks, "T-SME-INCUBATOR")}"].ShouldContain("「差不多了」不是可选的状态");
        // A clerk reads Chinese only: no English rule text in brackets after the lead.
        findings.Values.ShouldAllBe(m => !System.Text.RegularExpressions.Regex.IsMatch(m, "[A-Za-z]{2,}[ ,;:()]+[A-Za-z]{2,}"));

        var versionBefore = (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Count;
        var commit = await Upload(_gxj, file, commit: true);
        commit.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await commit.Json();
        problem.GetProperty("title").GetString().ShouldBe("表单未通过核对，未写入任何数据");
        problem.GetProperty("errors").TryGetProperty($"指标!I{i}", out _).ShouldBeTrue();
        // LOCAL-PROCUREMENT's row was good; the form is all or nothing.
        (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Count.ShouldBe(versionBefore);
        (await _host.ClientAs("he.audit", "sjj", "auditor").GetFromJsonList($"{Plan}/forms/imports")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reviewers_form_may_correct_a_figure_but_not_report_one_as_the_json_route_refuses()
    {
        (await _gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "m3", period = "2024-03", value = 8m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var reviewer = _host.ClientAs("wang.review", "tjj", "reviewer");
        using var form = new FilledForm(await Template(reviewer, "gxj"));
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Value).SetValue(8.5m);
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Note).SetValue("复核更正");
        form.Cell(form.Figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.Value).SetValue(23m);

        var answer = await (await Upload(reviewer, form.Save())).Json();

        var errors = answer.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "Error").ToList();
        errors.ShouldHaveSingleItem().GetProperty("row").GetInt32().ShouldBe(form.RowOf(form.Figures, "KEY-INDUSTRIAL-INVESTMENT"));
        errors[0].GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("无权填报");
        answer.GetProperty("changes").EnumerateArray().ShouldContain(c => c.GetProperty("code").GetString() == "LOCAL-PROCUREMENT"
            && c.GetProperty("kind").GetString() == "Correction");
        // The JSON route answers the same report from a reviewer with 403, its rule in English and in the form's Chinese.
        var refused = await reviewer.PostJson($"{Plan}/indicators/KEY-INDUSTRIAL-INVESTMENT/reports", new { reportId = "r", period = "2024-03", value = 23m, unit = "亿元" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await refused.Json();
        problem.GetProperty("errors").GetProperty("role")[0].GetString().ShouldBe("this needs the role reporter");
        problem.GetProperty("clerk").GetString().ShouldBe("须由填报员办理");
        errors[0].GetProperty("message").GetString().ShouldEndWith("报送数据须由填报员办理");
    }

    [Fact]
    public async Task A_form_of_another_department_or_template_version_is_refused_whole()
    {
        var reviewer = _host.ClientAs("wang.review", "tjj", "reviewer");
        var fgjForm = await Template(reviewer, "fgj");
        var refused = await Upload(_gxj, fgjForm, commit: true);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.ProblemErrors())["file"].ShouldContain("此表是「fgj」的报表，不能作为「gxj」的报表上传");
        (await _gxj.GetAsync($"{Plan}/departments/fgj/forms/2024-03")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var old = new FilledForm(await Template(_gxj, "gxj"));
        old.Workbook.Worksheet("_表单").Cell(2, 2).SetValue("0");
        var oldVersion = await Upload(_gxj, old.Save());
        oldVersion.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await oldVersion.ProblemErrors())["file"].ShouldContain("模板版本 0 已不再受理，请重新下载报表模板");

        using var plain = new ClosedXML.Excel.XLWorkbook();
        plain.Worksheets.Add("指标").Cell(1, 1).SetValue("代码");
        using var stream = new MemoryStream();
        plain.SaveAs(stream);
        var notOurs = await Upload(_gxj, stream.ToArray());
        notOurs.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notOurs.ProblemErrors())["file"].ShouldHaveSingleItem().ShouldContain("不是本系统下发的报表");
    }

    [Fact]
    public async Task Files_that_are_not_workbooks_or_would_exhaust_the_server_are_refused_before_they_are_opened()
    {
        var text = await Upload(_gxj, Encoding.UTF8.GetBytes("代码,本期数\nLOCAL-PROCUREMENT,8\n"));
        text.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await text.ProblemErrors())["file"].ShouldHaveSingleItem().ShouldStartWith("文件不是 Excel 工作簿（.xlsx）");

        (await Upload(_gxj, [])).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // 8 MiB of zeros deflate to a few KiB: the file is small, what it unpacks to is not.
        var bomb = await Upload(_gxj, Zip(("xl/worksheets/sheet1.xml", 8 * 1024 * 1024)));
        bomb.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bomb.ProblemErrors())["file"].ShouldHaveSingleItem().ShouldContain("疑似压缩炸弹");

        var many = await Upload(_gxj, Zip(Enumerable.Range(0, 150).Select(n => ($"xl/media/{n}.bin", 10)).ToArray()));
        many.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await many.ProblemErrors())["file"].ShouldHaveSingleItem().ShouldContain("超过上限 100");

        // Over the route's own limit: 413, by the declared length and without one.
        var large = new byte[UploadLimit + 1];
        (await Upload(_gxj, large)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, Form) { Content = new StreamContent(new MemoryStream(large)) };
        chunked.Headers.TransferEncodingChunked = true;
        (await _gxj.SendAsync(chunked)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        // A body that size on a JSON route is still held to the JSON limit.
        var json = new StringContent($"{{\"note\":\"{new string('x', 100_000)}\"}}", Encoding.UTF8, "application/json");
        (await _gxj.PostAsync($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", json)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A zip with a workbook's two required parts and entries of zeros of the given sizes.</summary>
    private static byte[] Zip(params (string Name, int Bytes)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries.Prepend(("xl/workbook.xml", 10)).Prepend(("[Content_Types].xml", 10)))
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(new byte[bytes]);
            }
        }
        return stream.ToArray();
    }

    private async Task<byte[]> Template(HttpClient client, string department)
    {
        var response = await client.GetAsync($"{Plan}/departments/{department}/forms/2024-03");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, byte[] file, bool commit = false)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return client.PostAsync(commit ? $"{Form}?commit=true" : Form, content);
    }
}
