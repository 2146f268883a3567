using System.Net;
using ClosedXML.Excel;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Audit;

/// <summary>Histories, diffs, editions and exports over the scripted year.</summary>
public sealed class AuditTrailTests(ScriptedYearHost year) : IClassFixture<ScriptedYearHost>
{
    private readonly HttpClient _auditor = year.Host.ClientAs("he.audit", "sjj", "auditor");

    [Fact]
    public async Task A_history_lists_every_change_with_old_and_new_values_actor_and_reason_paged()
    {
        var all = await (await _auditor.GetAsync("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/history?pageSize=500")).Json();
        var entries = all.GetProperty("entries").EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("version").GetInt64()).ShouldBe(Enumerable.Range(1, entries.Count).Select(i => (long)i));
        entries[0].GetProperty("change").GetString().ShouldBe("defined");
        entries.ShouldAllBe(e => e.GetProperty("user").GetString() != null);

        var page = await (await _auditor.GetAsync("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/history?page=2&pageSize=3")).Json();
        page.GetProperty("total").GetInt32().ShouldBe(entries.Count);
        page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()).ShouldBe([4L, 5L, 6L]);

        var june = await (await _auditor.GetAsync("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/history?period=2024-06")).Json();
        june.GetProperty("entries").EnumerateArray().ShouldAllBe(e => e.GetProperty("period").GetString() == "2024-06");

        (await _auditor.GetAsync("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/history?pageSize=5000")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_correction_in_the_history_shows_from_what_to_what_and_why()
    {
        var corrected = await FirstCorrection();
        corrected.GetProperty("from").GetString().ShouldNotBeNullOrEmpty();
        corrected.GetProperty("to").GetString().ShouldNotBe(corrected.GetProperty("from").GetString());
        corrected.GetProperty("reason").GetString().ShouldBe("核实后补报遗漏数据");
        corrected.GetProperty("correlationId").GetString().ShouldBe("scripted-year");
    }

    [Fact]
    public async Task A_diff_names_what_changed_between_two_instants_by_whom_and_why()
    {
        var diff = await (await _auditor.GetAsync("/api/plans/qingzhou-2024/reports/2024-06/diff?from=2024-07-01&to=2024-12-31")).Json();

        var changes = diff.GetProperty("changes").EnumerateArray().ToList();
        changes.ShouldContain(c => c.GetProperty("what").GetString() == "value" && c.GetProperty("before").ValueKind == System.Text.Json.JsonValueKind.Null);
        changes.ShouldAllBe(c => c.GetProperty("because").GetArrayLength() > 0);
        var because = changes.SelectMany(c => c.GetProperty("because").EnumerateArray()).ToList();
        because.ShouldAllBe(b => b.GetProperty("user").GetString() != null);
        because.ShouldAllBe(b => b.GetProperty("period").ValueKind == System.Text.Json.JsonValueKind.Null
            || new[] { "2024-06", "2024-Q2", "2024-H1" }.Contains(b.GetProperty("period").GetString()));
    }

    [Fact]
    public async Task An_edition_renders_identically_later_and_flags_figures_revised_since()
    {
        var reviewer = year.Host.ClientAs("qian.jun", "fgj", "reviewer");
        var published = await reviewer.PostJson("/api/plans/qingzhou-2024/editions", new { period = "2024-12", title = "2024年执行情况（年报）" });
        published.StatusCode.ShouldBe(HttpStatusCode.Created);
        var number = (await published.Json()).GetProperty("number").GetInt32();
        var first = await (await _auditor.GetAsync($"/api/plans/qingzhou-2024/editions/{number}")).Json();

        // After publication, a December figure is corrected.
        var line = first.GetProperty("report").GetProperty("indicators").EnumerateArray()
            .First(l => l.GetProperty("value").ValueKind == System.Text.Json.JsonValueKind.Number && l.GetProperty("code").GetString() == "URBAN-JOBS");
        var corrected = line.GetProperty("value").GetDecimal() + 37;
        (await reviewer.PostJson("/api/plans/qingzhou-2024/indicators/URBAN-JOBS/corrections",
            new { period = line.GetProperty("ownPeriod").GetString(), value = corrected, unit = "人", reason = "年报核定" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await (await _auditor.GetAsync($"/api/plans/qingzhou-2024/editions/{number}")).Json();

        again.GetProperty("report").GetRawText().ShouldBe(first.GetProperty("report").GetRawText());
        first.GetProperty("revisedSincePublication").GetArrayLength().ShouldBe(0);
        var revised = again.GetProperty("revisedSincePublication").EnumerateArray().Single();
        revised.GetProperty("code").GetString().ShouldBe("URBAN-JOBS");
        revised.GetProperty("now").GetDecimal().ShouldBe(corrected);
        first.GetProperty("chainHeads").EnumerateObject().Count().ShouldBe(39 + 72);
    }

    [Fact]
    public async Task The_Excel_export_opens_with_Chinese_headers_the_instant_the_edition_and_the_figures()
    {
        var json = await (await _auditor.GetAsync("/api/plans/qingzhou-2024/reports/2024-06?asOf=2024-08-31")).Json();
        var response = await _auditor.GetAsync("/api/plans/qingzhou-2024/reports/2024-06?asOf=2024-08-31&format=xlsx");
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        sheet.Cell(1, 1).GetString().ShouldBe("qingzhou-2024 执行情况 2024-06");
        sheet.Cell(2, 1).GetString().ShouldBe("报告期");
        (sheet.Cell(3, 1).GetString(), sheet.Cell(3, 2).GetString()).ShouldBe(("截至时点", "2024-08-31 23:59:59.999+08:00"));
        sheet.Cell(4, 1).GetString().ShouldBe("版本");
        var header = sheet.Row(6).Cells(1, 14).Select(c => c.GetString()).ToList();
        header.ShouldBe(["指标代码", "指标名称", "章节", "责任部门", "单位", "数据期", "本期数值", "已核实", "目标值", "目标", "序时进度值", "完成率", "状态", "流版本"]);
        var rows = sheet.RowsUsed().Skip(5).ToDictionary(r => r.Cell(1).GetString(), r => r);
        foreach (var line in json.GetProperty("indicators").EnumerateArray())
        {
            var row = rows[line.GetProperty("code").GetString()!];
            row.Cell(5).GetString().ShouldBe(line.GetProperty("unit").GetString());
            if (line.GetProperty("value").ValueKind == System.Text.Json.JsonValueKind.Number)
                row.Cell(7).GetValue<decimal>().ShouldBe(line.GetProperty("value").GetDecimal());
            else
                row.Cell(7).IsEmpty().ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Histories_and_diffs_export_as_CSV_with_a_byte_order_mark_for_spreadsheet_programs()
    {
        var csv = await (await _auditor.GetAsync("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/history?format=csv")).Content.ReadAsByteArrayAsync();
        csv.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = System.Text.Encoding.UTF8.GetString(csv[3..]);
        text.ShouldContain("版本,记录时间,变更,期别,原值,新值,操作人,部门,原因,追踪号");
        var diff = await (await _auditor.GetAsync("/api/plans/qingzhou-2024/reports/2024-06/diff?from=2024-07-01&to=2024-12-31&format=csv")).Content.ReadAsStringAsync();
        diff.ShouldContain("代码,名称,变化项,变化前,变化后,操作人,部门,原因,记录时间");
    }

    private async Task<System.Text.Json.JsonElement> FirstCorrection()
    {
        var plan = await (await year.Host.Viewer().GetAsync("/api/plans/qingzhou-2024/indicators")).Json();
        foreach (var indicator in plan.EnumerateArray())
        {
            var history = await (await _auditor.GetAsync($"/api/plans/qingzhou-2024/indicators/{indicator.GetProperty("code").GetString()}/history?pageSize=500")).Json();
            foreach (var entry in history.GetProperty("entries").EnumerateArray())
                if (entry.GetProperty("change").GetString() == "corrected")
                    return entry;
        }
        throw new InvalidOperationException("the scripted year has no correction");
    }
}
