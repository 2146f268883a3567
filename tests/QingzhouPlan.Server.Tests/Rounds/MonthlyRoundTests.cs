using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Forms;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Rounds;

/// <summary>
/// A month of the round through HTTP, on the seed plan's own levels, rules and window (not opened by the test host):
/// reports checked by the rules, rounds submitted, approved, sent back, corrected and locked; what the board, the
/// as-of board and the items' histories say about it.
/// </summary>
public sealed class MonthlyRoundTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly ManualClock _clock = ManualClock.At(2024, 3, 25);
    private readonly PlanHost _host;

    public MonthlyRoundTests() => _host = new PlanHost(clock: _clock, overrides: new Dictionary<string, string?> { ["Seeds:OpenWindows"] = "false" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_month_of_reports_rules_approvals_and_a_figure_sent_back_agrees_in_the_board_the_past_and_history()
    {
        var gxj = _host.ClientAs("li.wei", "gxj");
        var czj = _host.ClientAs("wang.fang", "czj");
        var tjj = _host.ClientAs("zhao.lei", "tjj");
        var gxjHead = _host.ClientAs("gxj.head", "gxj", "approver");
        var czjHead = _host.ClientAs("czj.head", "czj", "approver");
        var tjjHead = _host.ClientAs("tjj.head", "tjj", "approver");
        var city = _host.ClientAs("fgj.reviewer", "fgj", "reviewer");
        var investment = $"{Plan}/indicators/KEY-INDUSTRIAL-INVESTMENT";

        // An explain rule: 35 亿元 in one month is accepted only with a 上报说明, which is kept with the figure.
        (await gxj.PostJson($"{investment}/reports", new { reportId = "kii-02", period = "2024-02", value = 10m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Set(2024, 4, 3);
        var unexplained = await gxj.PostJson($"{investment}/reports", new { reportId = "kii-03", period = "2024-03", value = 45m, unit = "亿元" });
        unexplained.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unexplained.ProblemErrors()).ShouldContainKey("explanation");
        (await gxj.PostJson($"{investment}/reports", new { reportId = "kii-03", period = "2024-03", value = 45m, unit = "亿元", explanation = "3月集中开工两个大项目" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // A block rule: refused naming the rule, nothing recorded.
        var before = (await _host.Events("qingzhou-2024/BUDGET-REVENUE")).Count;
        var absurd = await czj.PostJson($"{Plan}/indicators/BUDGET-REVENUE/reports", new { reportId = "br-03", period = "2024-03", value = 150m, unit = "%" });
        absurd.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await absurd.Content.ReadAsStringAsync()).ShouldContain("revenue-range");
        (await _host.Events("qingzhou-2024/BUDGET-REVENUE")).Count.ShouldBe(before);
        (await czj.PostJson($"{Plan}/indicators/BUDGET-REVENUE/reports", new { reportId = "br-03", period = "2024-03", value = 4.2m, unit = "%" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await tjj.PostJson($"{Plan}/indicators/GDP/reports", new { reportId = "gdp-q1", period = "2024-Q1", value = 5.6m, unit = "%" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Three rounds submitted; a submitted figure is locked.
        foreach (var (client, department) in new[] { (gxj, "gxj"), (czj, "czj"), (tjj, "tjj") })
            (await client.PostJson($"{Plan}/departments/{department}/rounds/2024-03", new { action = "Submit" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await gxj.PostJson($"{investment}/corrections", new { period = "2024-03", value = 44m, unit = "亿元", reason = "复核" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Department heads: two rounds approved; one figure sent back with a message; another department's head may not act.
        (await czjHead.PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Approve", level = "department" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await czjHead.PostJson($"{Plan}/departments/czj/rounds/2024-03", new { action = "Approve", level = "department" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tjjHead.PostJson($"{Plan}/departments/tjj/rounds/2024-03", new { action = "Approve", level = "department" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await gxjHead.PostJson($"{investment}/round", new { action = "SendBack", period = "2024-03", level = "department", message = "3月投资与项目台账不符，请核对" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var sentBackAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromHours(1));

        // The reporter's "sent back to me" list carries the message; the correction goes through again.
        var mine = await (await gxj.GetAsync($"{Plan}/rounds/2024-03?department=gxj&state=SentBack")).Json();
        var line = mine.GetProperty("lines").EnumerateArray().Single();
        line.GetProperty("code").GetString().ShouldBe("KEY-INDUSTRIAL-INVESTMENT");
        line.GetProperty("message").GetString().ShouldBe("3月投资与项目台账不符，请核对");
        (await gxj.PostJson($"{investment}/corrections", new { period = "2024-03", value = 40m, unit = "亿元", reason = "按项目台账更正" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await gxj.PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Submit" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await gxjHead.PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Approve", level = "department" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The city's queue holds the three departments' figures; approving gxj's round makes it final and locked for everyone.
        var queue = await (await city.GetAsync($"{Plan}/rounds/2024-03?level=city&state=Awaiting")).Json();
        queue.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("department").GetString()).Distinct().Order().ShouldBe(["czj", "gxj", "tjj"]);
        (await city.PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Approve", level = "city" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await gxj.PostJson($"{investment}/corrections", new { period = "2024-03", value = 41m, unit = "亿元", reason = "再改" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await city.PostJson($"{investment}/corrections", new { period = "2024-03", value = 41m, unit = "亿元", reason = "再改" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Sent back by the city, the department may change it again.
        (await city.PostJson($"{investment}/round", new { action = "Unapprove", period = "2024-03", level = "city", message = "复核发现口径问题" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await city.PostJson($"{investment}/round", new { action = "SendBack", period = "2024-03", level = "city", message = "请按新口径重报" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await gxj.PostJson($"{investment}/corrections", new { period = "2024-03", value = 39m, unit = "亿元", reason = "按新口径" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Completion now, and the board as it stood just after the department head sent the figure back.
        var board = await (await city.GetAsync($"{Plan}/rounds/2024-03")).Json();
        var czjCompletion = board.GetProperty("completion").EnumerateArray().Single(c => c.GetProperty("department").GetString() == "czj");
        czjCompletion.GetProperty("awaiting").GetInt32().ShouldBeGreaterThan(0);
        var gxjLine = board.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "KEY-INDUSTRIAL-INVESTMENT");
        // Corrected but not yet submitted again, it is still with the reporter.
        (gxjLine.GetProperty("state").GetString(), gxjLine.GetProperty("value").GetDecimal()).ShouldBe(("SentBack", 39m));
        var then = await (await city.GetAsync($"{Plan}/rounds/2024-03?asOf={Uri.EscapeDataString(sentBackAt.ToString("O"))}")).Json();
        var thenLine = then.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "KEY-INDUSTRIAL-INVESTMENT");
        thenLine.GetProperty("state").GetString().ShouldBe("SentBack");
        thenLine.GetProperty("value").GetDecimal().ShouldBe(45m);
        thenLine.GetProperty("explanation").GetString().ShouldBe("3月集中开工两个大项目");

        // History tells every step, with who and why.
        var history = await (await city.GetAsync($"{investment}/history")).Json();
        var changes = history.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("change").GetString(), e.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null)).ToList();
        changes.ShouldContain(("explained", "3月集中开工两个大项目"));
        changes.ShouldContain(("sent back (department)", "3月投资与项目台账不符，请核对"));
        changes.ShouldContain(("approved (city)", null));
        changes.ShouldContain(("approval withdrawn (city)", "复核发现口径问题"));

        // InfluxDB, for Grafana: each figure's place in the round on its actual point, and each step as a point of its own.
        await _host.WaitForProjections();
        var march = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        var points = await _host.Influx.Rows("SELECT approval, approved_levels, explained, \"value\" FROM indicator_actual WHERE plan = 'qingzhou-2024' GROUP BY indicator");
        var standing = points.Where(r => r["time"].GetInt64() == march)
            .ToDictionary(r => r["indicator"].GetString()!, r => (r["approval"].GetString(), r["approved_levels"].GetInt64()));
        var lines = board.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("value").ValueKind == JsonValueKind.Number && l.GetProperty("period").GetString() == "2024-03");
        foreach (var l in lines)
            standing[l.GetProperty("code").GetString()!].ShouldBe((l.GetProperty("state").GetString() switch
            {
                "Draft" => "draft",
                "SentBack" => "sent_back",
                "Final" => "approved",
                _ => l.GetProperty("approvedLevels").GetInt32() > 0 ? "approved" : "submitted",
            }, (long)l.GetProperty("approvedLevels").GetInt32()), l.GetProperty("code").GetString());
        standing["KEY-INDUSTRIAL-INVESTMENT"].ShouldBe(("sent_back", 0L));
        standing["BUDGET-REVENUE"].ShouldBe(("approved", 1L));
        var steps = await _host.Influx.Rows("SELECT actor, revision FROM indicator_approval WHERE indicator = 'KEY-INDUSTRIAL-INVESTMENT' GROUP BY step, \"level\"");
        steps.Select(r => r["step"].GetString()).Order().ShouldBe(["approved", "approved", "sent_back", "sent_back", "submitted", "submitted", "unapproved"]);
    }

    [Fact]
    public async Task The_form_tells_each_figures_place_in_the_round_and_its_dry_run_names_the_soft_rule_a_note_explains()
    {
        var gxj = _host.ClientAs("li.wei", "gxj");
        (await gxj.PostJson($"{Plan}/indicators/KEY-INDUSTRIAL-INVESTMENT/reports", new { reportId = "f-02", period = "2024-02", value = 10m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Set(2024, 4, 3);
        (await gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "f-03", period = "2024-03", value = 9m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await gxj.PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Submit" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.ClientAs("gxj.head", "gxj", "approver").PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/round",
            new { action = "SendBack", period = "2024-03", level = "department", message = "请补录两家企业" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var template = await gxj.GetAsync($"{Plan}/departments/gxj/forms/2024-03");
        template.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var form = new FilledForm(await template.Content.ReadAsByteArrayAsync());
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.RoundState).GetString().ShouldBe("已退回");
        form.Cell(form.Figures, "LOCAL-PROCUREMENT", FormColumns.RoundRemark).GetString().ShouldBe("退回意见：请补录两家企业");
        form.Cell(form.Figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.RoundState).GetString().ShouldBe("未报送");
        form.Cell(form.Figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.RoundState).Style.Protection.Locked.ShouldBeTrue();

        // 45 亿元 after 10 in February breaks the soft rule: without words the dry run asks for them in the note column.
        form.Cell(form.Figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.Value).SetValue(45);
        var bare = await (await gxj.PostAsync($"{Plan}/departments/gxj/forms", Xlsx(form.Save()))).Json();
        var row = form.RowOf(form.Figures, "KEY-INDUSTRIAL-INVESTMENT");
        bare.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("severity").GetString(), f.GetProperty("message").GetString()))
            .ShouldContain(f => f.Item1 == "Error" && f.Item2!.StartsWith($"第{row}行「备注或更正原因」不符合规则：「重点工业项目投资月度变动」") && f.Item2.Contains("上报说明"));

        form.Cell(form.Figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.Note).SetValue("3月集中开工两个大项目");
        var explained = await (await gxj.PostAsync($"{Plan}/departments/gxj/forms", Xlsx(form.Save()))).Json();
        explained.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("severity").GetString(), f.GetProperty("message").GetString()))
            .ShouldContain(("Note", $"第{row}行「备注或更正原因」核实性审核「重点工业项目投资月度变动」：已将本列作为上报说明一并报送，审核人会看到"));
        (await gxj.PostAsync($"{Plan}/departments/gxj/forms?commit=true", Xlsx(form.Save()))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var board = await (await gxj.GetAsync($"{Plan}/rounds/2024-03?department=gxj")).Json();
        var line = board.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "KEY-INDUSTRIAL-INVESTMENT");
        (line.GetProperty("value").GetDecimal(), line.GetProperty("explanation").GetString()).ShouldBe((45m, "3月集中开工两个大项目"));
    }

    private static ByteArrayContent Xlsx(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    [Fact]
    public async Task A_late_report_is_refused_accepted_under_a_reviewers_exception_and_refused_again_once_it_expires()
    {
        // 2024-03 was due 2024-04-10 and closed for entry twenty days later.
        _clock.Set(2024, 5, 6);
        var gxj = _host.ClientAs("li.wei", "gxj");
        var procurement = $"{Plan}/indicators/LOCAL-PROCUREMENT";
        var late = await gxj.PostJson($"{procurement}/reports", new { reportId = "lp-03", period = "2024-03", value = 8m, unit = "亿元" });
        late.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await late.ProblemErrors()).ShouldContainKey("period");

        var reviewer = _host.ClientAs("fgj.reviewer", "fgj", "reviewer");
        (await gxj.PostJson($"{procurement}/window-exceptions", new { period = "2024-03", until = _clock.GetUtcNow().AddDays(2), reason = "系统故障补报" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reviewer.PostJson($"{procurement}/window-exceptions", new { period = "2024-03", until = _clock.GetUtcNow().AddDays(2), reason = "系统故障补报" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await gxj.PostJson($"{procurement}/reports", new { reportId = "lp-03", period = "2024-03", value = 8m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        _clock.Advance(TimeSpan.FromDays(3));
        var after = await gxj.PostJson($"{procurement}/corrections", new { period = "2024-03", value = 8.5m, unit = "亿元", reason = "补充统计" });
        after.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await after.ProblemErrors()).ShouldContainKey("period");
    }

    [Fact]
    public async Task A_round_waiting_at_a_level_past_its_deadline_is_pursued_and_the_levels_step_ends_it()
    {
        var gxj = _host.ClientAs("li.wei", "gxj");
        _clock.Set(2024, 4, 3);
        (await gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "w-03", period = "2024-03", value = 9m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await gxj.PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Submit" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var department = _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IDepartmentGrain>("qingzhou-2024/gxj");

        // Due 10 April; the seed gives 部门审核 three more days: on 14 April the head is urged (催报).
        _clock.Set(2024, 4, 14);
        await department.CheckDeadlines();
        async Task<JsonElement> Line() => (await (await gxj.GetAsync($"{Plan}/rounds/2024-03?department=gxj")).Json())
            .GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "LOCAL-PROCUREMENT");
        (await Line()).GetProperty("overdue").GetString().ShouldBe("Urge");
        var history = await (await _host.ClientAs("fgj.reviewer", "fgj", "reviewer").GetAsync($"{Plan}/indicators/LOCAL-PROCUREMENT/history")).Json();
        history.GetProperty("entries").EnumerateArray().Select(e => e.TryGetProperty("reason", out var r) ? r.GetString() : null).ShouldContain("部门审核应于 2024-04-13 前办结");

        (await _host.ClientAs("gxj.head", "gxj", "approver").PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Approve", level = "department" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Line()).GetProperty("overdue").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_plan_whose_windows_closed_long_ago_raises_no_escalations_for_them()
    {
        _clock.Set(2026, 12, 3);
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        var departments = await grains.GetGrain<IPlanGrain>("qingzhou-2024").Departments(null);
        var raised = 0;
        foreach (var department in departments)
            raised += await grains.GetGrain<IDepartmentGrain>($"qingzhou-2024/{department}").CheckDeadlines();
        raised.ShouldBe(0);

        // Reopened by the administrator, the same periods are pursued again.
        (await _host.ClientAs("zhang.admin", "fgj", "admin").PutAsJsonAsync($"{Plan}/round/window",
            new { opensAfterPeriodEndDays = 0, closesAfterDeadlineDays = (int?)null, reason = "年终补报" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await grains.GetGrain<IDepartmentGrain>("qingzhou-2024/gxj").CheckDeadlines()).ShouldBeGreaterThan(0);
    }
}
