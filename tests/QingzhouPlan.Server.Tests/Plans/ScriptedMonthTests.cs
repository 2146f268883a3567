using System.Net;
using System.Text.Json;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>
/// A month of 市工业和信息化局 (gxj) reporting, ending 12 July 2024, through HTTP.
/// </summary>
public sealed class ScriptedMonth : IAsyncLifetime
{
    private readonly ManualClock _clock = ManualClock.At(2024, 2, 5);
    private HttpClient _reporter = null!;

    public ScriptedMonth() => Host = new PlanHost(clock: _clock);

    public PlanHost Host { get; }

    public HttpClient Reporter => _reporter;

    public async Task InitializeAsync()
    {
        _reporter = Host.ClientAs("wang.fang", "gxj");
        var reviewer = Host.ClientAs("qian.jun", "fgj", "reviewer");

        // 重点工业项目完成投资, monthly, each month on the 5th: on time. Jun 48 against 序时 45 (90 × 6/12).
        foreach (var (month, value) in new[] { (1, 6m), (2, 12m), (3, 21m), (4, 30m), (5, 39m), (6, 48m) })
        {
            _clock.Set(2024, month + 1, 5);
            await Report("KEY-INDUSTRIAL-INVESTMENT", $"2024-{month:D2}", value, "亿元");
        }
        // Q1 reports in April: 优质企业 and 数字化率 and 数转智改项目 on time; 5G 基站 on 15 April, late.
        _clock.Set(2024, 4, 8);
        await Report("QUALITY-ENTERPRISES", "2024-Q1", 12m, "家");
        await Report("DIGITALISATION-RATE", "2024-Q1", 66m, "%");
        await Report("DIGITAL-PROJECTS", "2024-Q1", 5m, "个");
        _clock.Set(2024, 4, 15);
        await Report("BASE-STATIONS-5G", "2024-Q1", 20m, "个");

        // The July round.
        _clock.Set(2024, 7, 3);
        await Report("LOCAL-PROCUREMENT", "2024-06", 140000m, "万元");        // 14 亿元 < 序时 15
        await Report("QUALITY-ENTERPRISES", "2024-Q2", 26m, "家");            // ≥ 25
        await Report("KEY-INDUSTRIAL-PROJECTS", "2024-Q2", 104m, "个");       // ≥ 100: met
        await Report("DIGITALISATION-RATE", "2024-Q2", 70m, "%");             // level, no baseline: held to 75
        await Report("DIGITAL-PROJECTS", "2024-Q2", 12m, "个");               // < 15 of target 30
        _clock.Set(2024, 7, 8);
        (await _reporter.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/corrections",
            new { period = "2024-06", value = 15.5m, unit = "亿元", reason = "补录两家企业采购额" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await reviewer.PostJson("/api/plans/qingzhou-2024/indicators/DIGITAL-PROJECTS/target-adjustments",
            new { value = 20m, comparator = "Reach", reason = "省级项目库调整", legalBasis = "市人大常委会批准", effectiveFrom = "2024-07-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Set(2024, 7, 11);
        await Report("BASE-STATIONS-5G", "2024-Q2", 45m, "个");               // ≥ 40, but after 10 July
        (await _reporter.PostJson("/api/plans/qingzhou-2024/tasks/T-THREE-PRODUCTS-STRIVE/progress",
            new { status = "InProgress", narrative = "已完成“三品”示范市申报材料", evidence = new[] { "https://example.org/sanpin.pdf" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Set(2024, 7, 12);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task Report(string code, string period, decimal value, string unit) =>
        (await _reporter.PostJson($"/api/plans/qingzhou-2024/indicators/{code}/reports",
            new { reportId = $"{code}-{period}", period, value, unit })).StatusCode.ShouldBe(HttpStatusCode.Created, $"{code} {period}");
}

/// <summary>
/// The summaries after <see cref="ScriptedMonth"/>, worked out by hand from the plan's targets and the
/// figures reported, not by the production rules.
/// </summary>
public sealed class ScriptedMonthTests(ScriptedMonth month) : IClassFixture<ScriptedMonth>
{
    private readonly PlanHost _host = month.Host;

    [Fact]
    public async Task The_department_summary_is_what_a_person_computes_by_hand()
    {
        var summary = await Get("/api/plans/qingzhou-2024/departments/gxj/summary");

        // By hand, as of 12 July:
        //   KEY-INDUSTRIAL-INVESTMENT  48 ≥ 45                    OnTrack   Jan–Jun on time
        //   LOCAL-PROCUREMENT          15.5 ≥ 15 (corrected)       OnTrack   Jan–May missing → late
        //   QUALITY-ENTERPRISES        26 ≥ 25                     OnTrack   Q1, Q2 on time
        //   KEY-INDUSTRIAL-PROJECTS    104 ≥ 100                   Met       Q1 missing → late
        //   DIGITALISATION-RATE        70 < 75                     Lagging
        //   DIGITAL-PROJECTS           12 < 15: Q2 is governed by 30 (Lagging
        //                              the adjustment to 20 applies from 1 July, to Q3 on)
        //   DIGITAL-SCENARIOS          no figure                   NoData    Q1, Q2 missing → late
        //   BASE-STATIONS-5G           45 ≥ 40                     OnTrack   both quarters late, none missing
        Counts(summary.GetProperty("indicators")).ShouldBe((1, 4, 2, 1, 3));
        var tasks = summary.GetProperty("tasks");
        (tasks.GetProperty("notStarted").GetInt32(), tasks.GetProperty("inProgress").GetInt32()).ShouldBe((4, 1));

        var items = summary.GetProperty("indicatorItems").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);
        items["DIGITAL-PROJECTS"].GetProperty("targetText").GetString().ShouldBe("20个");
        items["DIGITAL-PROJECTS"].GetProperty("latest").GetProperty("expected").GetDecimal().ShouldBe(15m);
        items["LOCAL-PROCUREMENT"].GetProperty("latest").GetProperty("actual").GetDecimal().ShouldBe(15.5m);
        items["LOCAL-PROCUREMENT"].GetProperty("latest").GetProperty("completion").GetDecimal().ShouldBe(0.5167m);
    }

    /// <summary>
    /// The case that once had three answers: DIGITAL-PROJECTS 2024-Q2 = 12, target 30 adjusted to 20 from
    /// 1 July. Q2 is governed by 30 (序时 15): Lagging — in the status, the as-of report and InfluxDB alike.
    /// </summary>
    [Fact]
    public async Task A_target_adjusted_from_July_gives_one_answer_for_Q2_in_status_report_and_time_series()
    {
        var status = await Get("/api/plans/qingzhou-2024/indicators/DIGITAL-PROJECTS/status");
        var q2 = status.GetProperty("assessments").EnumerateArray().Single(a => a.GetProperty("period").GetString() == "2024-Q2");
        (q2.GetProperty("expected").GetDecimal(), q2.GetProperty("status").GetString()).ShouldBe((15m, "Lagging"));
        status.GetProperty("targetText").GetString().ShouldBe("20个");

        var report = await (await _host.ClientAs("he.audit", "sjj", "auditor").GetAsync("/api/plans/qingzhou-2024/reports/2024-06")).Json();
        var line = report.GetProperty("indicators").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "DIGITAL-PROJECTS");
        (line.GetProperty("expected").GetDecimal(), line.GetProperty("status").GetString(), line.GetProperty("target").GetDecimal())
            .ShouldBe((15m, "Lagging", 30m));

        await _host.WaitForProjections();
        var point = (await _host.Influx.Rows(
            "SELECT \"expected\", \"status\", \"department\" FROM \"indicator_actual\" WHERE \"indicator\" = 'DIGITAL-PROJECTS' AND \"period\" = '2024-Q2'")).ShouldHaveSingleItem();
        (point["expected"].GetDecimal(), point["status"].GetString(), point["department"].GetString()).ShouldBe((15m, "Lagging", "gxj"));
    }

    [Fact]
    public async Task The_calendar_shows_what_arrived_late_and_what_is_missing()
    {
        var calendar = (await Get("/api/plans/qingzhou-2024/departments/gxj/calendar")).EnumerateArray()
            .ToDictionary(c => $"{c.GetProperty("indicator").GetString()} {c.GetProperty("period").GetString()}", c => c.GetProperty("state").GetString());

        calendar["BASE-STATIONS-5G 2024-Q1"].ShouldBe("ReportedLate");
        calendar["BASE-STATIONS-5G 2024-Q2"].ShouldBe("ReportedLate");
        calendar["KEY-INDUSTRIAL-PROJECTS 2024-Q1"].ShouldBe("Missing");
        calendar["KEY-INDUSTRIAL-INVESTMENT 2024-06"].ShouldBe("OnTime");
        calendar["KEY-INDUSTRIAL-INVESTMENT 2024-07"].ShouldBe("NotYetDue");
        calendar["LOCAL-PROCUREMENT 2024-05"].ShouldBe("Missing");
        calendar.Count(c => c.Value == "Missing").ShouldBe(5 + 1 + 2);
    }

    [Fact]
    public async Task The_plan_summary_rolls_up_by_chapter_and_for_the_whole_plan()
    {
        var plan = await Get("/api/plans/qingzhou-2024/summary");

        // The other 31 indicators have no figure, and each already owes a period (Q1, January, or H1 due 10 July).
        Counts(plan.GetProperty("indicators")).ShouldBe((1, 4, 2, 32, 34));
        var chapters = plan.GetProperty("chapters").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);
        Counts(chapters["一"].GetProperty("indicators")).ShouldBe((1, 3, 2, 1, 3));
        Counts(chapters["五"].GetProperty("indicators")).ShouldBe((0, 1, 0, 4, 4));
        Counts(chapters["目标"].GetProperty("indicators")).ShouldBe((0, 0, 0, 5, 5));
    }

    [Fact]
    public async Task A_correction_shows_in_the_summary_at_once()
    {
        // Its own copy of the month, since it changes a figure.
        await using var own = new ScriptedMonth();
        await own.InitializeAsync();
        (await own.Reporter.PostJson("/api/plans/qingzhou-2024/indicators/QUALITY-ENTERPRISES/corrections",
            new { period = "2024-Q2", value = 22m, unit = "家", reason = "两家企业认定被撤销" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await own.Host.Viewer().GetAsync("/api/plans/qingzhou-2024/departments/gxj/summary");
        var summary = await response.Json();

        Counts(summary.GetProperty("indicators")).ShouldBe((1, 3, 3, 1, 3));
    }

    private async Task<JsonElement> Get(string url)
    {
        var response = await _host.Viewer().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Json();
    }

    private static (int Met, int OnTrack, int Lagging, int NoData, int Late) Counts(JsonElement counts) => (
        counts.GetProperty("met").GetInt32(), counts.GetProperty("onTrack").GetInt32(), counts.GetProperty("lagging").GetInt32(),
        counts.GetProperty("noData").GetInt32(), counts.GetProperty("late").GetInt32());
}
