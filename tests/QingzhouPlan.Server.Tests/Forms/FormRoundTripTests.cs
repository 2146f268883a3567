using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using ClosedXML.Excel;
using QingzhouPlan.Domain.Forms;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Server.Forms;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>
/// 市工业和信息化局 (gxj) reports March 2024 in Excel: it downloads its form, fills it in the way forms are
/// really filled in, checks it (dry run), commits it, uploads it again (nothing changes), corrects a figure
/// in it, and an auditor finds every figure in history with the file it came in, and the file itself.
/// </summary>
public sealed class FormRoundTripTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private const string Form = $"{Plan}/departments/gxj/forms";
    private readonly ManualClock _clock = ManualClock.At(2024, 4, 5);
    private readonly PlanHost _host;
    private HttpClient _gxj = null!;

    public FormRoundTripTests() => _host = new PlanHost(clock: _clock);

    public Task InitializeAsync()
    {
        _gxj = _host.ClientAs("li.wei", "gxj");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_template_lists_what_the_department_owes_that_month_and_locks_all_but_the_answers()
    {
        using var form = new FilledForm(await Template());

        // March ends a month and a quarter: gxj's two monthly and six quarterly indicators are due.
        var codes = form.Figures.Column(2).CellsUsed().Skip(1).Select(c => c.GetString()).ToList();
        codes.ShouldBe(["BASE-STATIONS-5G", "DIGITAL-PROJECTS", "DIGITAL-SCENARIOS", "DIGITALISATION-RATE", "KEY-INDUSTRIAL-INVESTMENT",
            "KEY-INDUSTRIAL-PROJECTS", "LOCAL-PROCUREMENT", "QUALITY-ENTERPRISES"]);
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Period).GetString().ShouldBe("2024-03");
        form.Cell(form.Figures, "DIGITAL-PROJECTS", FormColumns.Period).GetString().ShouldBe("2024-Q1");
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Unit).GetString().ShouldBe("亿元");
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Target).GetString().ShouldBe("突破30亿元");
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Basis).GetString().ShouldContain("地企互采");

        form.Figures.IsProtected.ShouldBeTrue();
        form.Figures.Cell(3, 9).Style.Protection.Locked.ShouldBeTrue();
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Name).Style.Protection.Locked.ShouldBeTrue();
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Value).Style.Protection.Locked.ShouldBeFalse();
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.Note).Style.Protection.Locked.ShouldBeFalse();

        form.Tasks.Column(2).CellsUsed().Skip(1).Select(c => c.GetString()).ShouldContain("T-SME-INCUBATOR");
        form.Cell(form.Tasks, "T-SME-INCUBATOR", FormColumns.CurrentStatus).GetString().ShouldBe("未启动");
        form.Cell(form.Tasks, "T-SME-INCUBATOR", FormColumns.NewStatus).HasDataValidation.ShouldBeTrue();

        var header = form.Workbook.Worksheet("_表单");
        header.Visibility.ShouldBe(XLWorksheetVisibility.VeryHidden);
        header.Cell(4, 2).GetString().ShouldBe("gxj");
        header.Cell(5, 2).GetString().ShouldBe("2024-03");
    }

    [Fact]
    public async Task A_messy_form_is_checked_committed_whole_and_uploaded_again_without_changing_anything()
    {
        var file = await Messy();

        // Dry run: what would change, what was noticed, and nothing recorded.
        var dryRun = await Upload(file);
        dryRun.StatusCode.ShouldBe(HttpStatusCode.OK);
        var check = await dryRun.Json();
        check.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        check.GetProperty("committed").GetBoolean().ShouldBeFalse();
        Counts(check).ShouldBe((7, 0, 1, 0));
        var notes = Messages(check);
        notes.ShouldContain(m => m.Contains("是公式（=10+2），按文件中的计算结果 12 读取"), string.Join(" / ", notes));
        notes.ShouldContain(m => m.Contains("没有代码，已略过"));
        notes.ShouldContain(m => m.Contains("另有工作表「草稿」"));
        (await Figure("LOCAL-PROCUREMENT", "2024-03")).ShouldBeNull();

        var committed = await Upload(file, commit: true);
        committed.StatusCode.ShouldBe(HttpStatusCode.Created);
        Counts(await committed.Json()).ShouldBe((7, 0, 1, 0));
        // 75,000 万元 is 7.5 亿元; ２３．５ is 23.5; =10+2 was 12; 72.5% is 72.5.
        (await Figure("LOCAL-PROCUREMENT", "2024-03")).ShouldBe(7.5m);
        (await Figure("KEY-INDUSTRIAL-INVESTMENT", "2024-03")).ShouldBe(23.5m);
        (await Figure("QUALITY-ENTERPRISES", "2024-Q1")).ShouldBe(12m);
        (await Figure("DIGITALISATION-RATE", "2024-Q1")).ShouldBe(72.5m);
        (await Figure("DIGITAL-PROJECTS", "2024-Q1")).ShouldBeNull();
        var task = await (await _gxj.GetAsync($"{Plan}/tasks/T-SME-INCUBATOR/status")).Json();
        task.GetProperty("status").GetString().ShouldBe("InProgress");

        // The same file again: every row is already what it says.
        var versions = await Versions();
        var again = await Upload(file, commit: true);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await again.Json();
        answer.GetProperty("committed").GetBoolean().ShouldBeFalse();
        Counts(answer).ShouldBe((0, 0, 0, 8));
        (await Versions()).ShouldBe(versions);

        // A figure changed in the form is a correction, and needs its reason.
        using (var form = new FilledForm(file))
        {
            form.Cell(form.Figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.Value).SetValue(24m);
            var noReason = await Upload(form.Save(), commit: true);
            noReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var errors = await noReason.ProblemErrors();
            var row = form.RowOf(form.Figures, "KEY-INDUSTRIAL-INVESTMENT");
            errors[$"指标!J{row}"].ShouldHaveSingleItem().ShouldStartWith($"第{row}行「备注或更正原因」必填");
            (await Figure("KEY-INDUSTRIAL-INVESTMENT", "2024-03")).ShouldBe(23.5m);

            form.Cell(form.Figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.Note).SetValue("补报润龙风电项目投资");
            (await Upload(form.Save(), commit: true)).StatusCode.ShouldBe(HttpStatusCode.Created);
            (await Figure("KEY-INDUSTRIAL-INVESTMENT", "2024-03")).ShouldBe(24m);
        }

        // The auditor: each figure names the file it came in, and the file is there, byte for byte.
        var auditor = _host.ClientAs("he.audit", "sjj", "auditor");
        var sha = Convert.ToHexStringLower(SHA256.HashData(file));
        var history = (await (await auditor.GetAsync($"{Plan}/indicators/LOCAL-PROCUREMENT/history")).Json()).GetProperty("entries").EnumerateArray().ToList();
        var reported = history.Single(h => h.GetProperty("change").GetString() == "reported");
        (reported.GetProperty("user").GetString(), reported.GetProperty("sourceFile").GetString()).ShouldBe(("li.wei", sha));
        (await auditor.GetByteArrayAsync($"{Plan}/forms/files/{sha}")).ShouldBe(file);
        // The note written once in a merged cell went with both rows.
        foreach (var code in new[] { "DIGITAL-SCENARIOS", "DIGITALISATION-RATE" })
            (await (await auditor.GetAsync($"{Plan}/indicators/{code}/history")).Json()).GetProperty("entries").EnumerateArray()
                .Single(h => h.GetProperty("change").GetString() == "reported").GetProperty("reason").GetString().ShouldBe("含新区数据");
        var imports = await auditor.GetFromJsonList($"{Plan}/forms/imports");
        imports.Select(i => i.GetProperty("sha256").GetString()).First().ShouldBe(sha);
        imports.Count.ShouldBe(2);
        (await _gxj.GetAsync($"{Plan}/forms/files/{sha}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The file's hash is in the hashed event data, and the chain holds across the form's transaction.
        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());

        // The grains saw the form: a report through the API goes on from the form's versions.
        (await _gxj.PostJson($"{Plan}/indicators/DIGITAL-PROJECTS/reports", new { reportId = "api-1", period = "2024-Q1", value = 6, unit = "个" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/corrections", new { period = "2024-03", value = 7.6, unit = "亿元", reason = "核实" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // A kept file altered behind the system's back no longer has the hash its figures name: verification says so.
        await using (var connection = _host.Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var update = new Npgsql.NpgsqlCommand($"update {_host.Schema}.qz_form_files set content = content || '\\x00'::bytea where sha256 = $1", connection)
            { Parameters = { new() { Value = sha } } };
            (await update.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        var altered = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        altered.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("kind").GetString() == "file").Select(f => f.GetProperty("detail").GetString())
            .ShouldBe([$"the form file kept as {sha} no longer has that SHA-256: it was altered"]);
    }

    [Fact]
    public async Task A_large_import_can_be_watched_while_it_runs()
    {
        var file = await Messy();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Form}?commit=true") { Content = Xlsx(file) };
        request.Headers.Add("Prefer", "respond-async");
        var accepted = await _gxj.SendAsync(request);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var location = accepted.Headers.Location!.ToString();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement job;
        while ((job = await (await _gxj.GetAsync(location)).Json()).GetProperty("state").GetString() == "running")
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the import did not end within 30 s");
            await Task.Delay(50);
        }
        job.GetProperty("state").GetString().ShouldBe("done");
        job.GetProperty("progress").GetProperty("stage").GetString().ShouldBe("完成");
        job.GetProperty("answer").GetProperty("committed").GetBoolean().ShouldBeTrue();
        (await Figure("LOCAL-PROCUREMENT", "2024-03")).ShouldBe(7.5m);
        (await _host.ClientAs("sun.li", "sjb").GetAsync(location)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Another node of a cluster, which holds no job in memory, sees the same ending once it is shared.
        var elsewhere = AnotherNode();
        var id = Guid.Parse(location.Split('/')[^1]);
        await Wait.Until(async () => (await elsewhere.Find(id, default))?.View.State == "done", TimeSpan.FromSeconds(10));
        var shared = (await elsewhere.Find(id, default)).ShouldNotBeNull();
        shared.View.Answer.ShouldNotBeNull().Committed.ShouldBeTrue();
        shared.User.ShouldBe("li.wei");
    }

    [Fact]
    public async Task A_job_whose_node_stopped_is_shown_as_interrupted_not_running_for_ever()
    {
        var id = Guid.NewGuid();
        await using (var session = _host.Store.LightweightSession())
        {
            session.Store(new FormJobRecord(id, "qingzhou-2024", "li.wei", new FormJobView(id, "running", new FormProgress("写入", 10, 100), null, null),
                DateTimeOffset.UtcNow - FormJobs.Abandoned - TimeSpan.FromSeconds(1)));
            await session.SaveChangesAsync();
        }

        var job = (await AnotherNode().Find(id, default)).ShouldNotBeNull();
        job.View.State.ShouldBe("interrupted");
        job.View.Error.ShouldNotBeNull().ShouldContain("重新上传");
    }

    private FormJobs AnotherNode() => new(
        _host.Services.GetRequiredService<FormImports>(), _host.Store, new FormLimits(), TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<FormJobs>.Instance);

    /// <summary>gxj's March form as a clerk fills it in.</summary>
    private async Task<byte[]> Messy()
    {
        using var form = new FilledForm(await Template());
        var figures = form.Figures;
        form.Cell(figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.Value).SetValue("２３．５");
        form.Cell(figures, "LOCAL-PROCUREMENT", FormColumns.Unit).SetValue("万元");
        form.Cell(figures, "LOCAL-PROCUREMENT", FormColumns.Value).SetValue("75,000");
        form.Cell(figures, "QUALITY-ENTERPRISES", FormColumns.Value).FormulaA1 = "=10+2";
        form.Cell(figures, "KEY-INDUSTRIAL-PROJECTS", FormColumns.Value).SetValue(30);
        form.Cell(figures, "DIGITALISATION-RATE", FormColumns.Value).SetValue("72.5%");
        // One note written once for two rows, in a merged cell.
        form.Cell(figures, "DIGITAL-SCENARIOS", FormColumns.Value).SetValue(5);
        form.Cell(figures, "BASE-STATIONS-5G", FormColumns.Value).SetValue(20);
        var note = FilledForm.ColumnOf(figures, FormColumns.Note);
        var (first, second) = (form.RowOf(figures, "DIGITAL-SCENARIOS"), form.RowOf(figures, "DIGITALISATION-RATE"));
        figures.Cell(first, note).SetValue("含新区数据");
        figures.Range(first, note, second, note).Merge();
        // A blank row, then the clerk's signature line; an extra sheet of working.
        var last = figures.LastRowUsed()!.RowNumber();
        figures.Cell(last + 2, 3).SetValue("填表人：张三　审核人：李四");
        form.Workbook.Worksheets.Add("草稿").Cell(1, 1).SetValue("草稿");
        form.Cell(form.Tasks, "T-SME-INCUBATOR", FormColumns.NewStatus).SetValue("推进中");
        form.Cell(form.Tasks, "T-SME-INCUBATOR", FormColumns.Narrative).SetValue("已建库，入库企业 120 家");
        return form.Save();
    }

    private async Task<byte[]> Template()
    {
        var response = await _gxj.GetAsync($"{Form}/2024-03");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private Task<HttpResponseMessage> Upload(byte[] file, bool commit = false) =>
        _gxj.PostAsync(commit ? $"{Form}?commit=true" : Form, Xlsx(file));

    private static ByteArrayContent Xlsx(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    private static (int Reports, int Corrections, int Progress, int Unchanged) Counts(JsonElement answer)
    {
        var c = answer.GetProperty("counts");
        return (c.GetProperty("reports").GetInt32(), c.GetProperty("corrections").GetInt32(), c.GetProperty("progress").GetInt32(), c.GetProperty("unchanged").GetInt32());
    }

    private static List<string> Messages(JsonElement answer) =>
        answer.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString()!).ToList();

    private Task<decimal?> Figure(string code, string period) => _gxj.StandingFigure($"{Plan}/indicators/{code}", period);

    private async Task<List<long>> Versions()
    {
        var versions = new List<long>();
        foreach (var code in new[] { "LOCAL-PROCUREMENT", "KEY-INDUSTRIAL-INVESTMENT", "QUALITY-ENTERPRISES", "T-SME-INCUBATOR" })
            versions.Add((await _host.Events($"qingzhou-2024/{code}")).Count);
        return versions;
    }
}
