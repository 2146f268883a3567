using System.Net;
using System.Text.Json;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>
/// 机构改革: on 20 June a new 市数据局 (sjb) is set up from 1 July and every item of 市工业和信息化局 (gxj)
/// moves to it from that day. Nothing before July changes, as of any instant; July on belongs to sjb.
/// </summary>
public sealed class ReorganisationTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly ManualClock _clock = ManualClock.At(2024, 6, 5);
    private readonly PlanHost _host;
    private HttpClient _gxj = null!;
    private HttpClient _sjb = null!;
    private HttpClient _admin = null!;
    private DateTimeOffset _beforeMove;

    public ReorganisationTests() => _host = new PlanHost(clock: _clock);

    public async Task InitializeAsync()
    {
        _gxj = _host.ClientAs("li.wei", "gxj");
        _sjb = _host.ClientAs("sun.li", "sjb");
        _admin = _host.ClientAs("zhang.admin", "fgj", "admin");
        (await Report(_gxj, "LOCAL-PROCUREMENT", "2024-05", 12m)).StatusCode.ShouldBe(HttpStatusCode.Created);
        _beforeMove = _clock.GetUtcNow();

        _clock.Set(2024, 6, 20);
        (await _admin.PostJson($"{Plan}/departments", new { code = "sjb", name = "市数据局", effectiveFrom = "2024-07-01", basis = "青编发〔2024〕8号" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.PostJson($"{Plan}/departments/gxj/reassignments",
            new { into = "sjb", effectiveFrom = "2024-07-01", basis = "青编发〔2024〕8号", reason = "数字经济职能划入市数据局" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task H1_stays_with_the_old_department_H2_goes_to_the_new_and_writes_follow_the_owner_of_the_day()
    {
        // 3 July: June is owed by gxj (it owned the item on 30 June), but the right to report moved with the item.
        _clock.Set(2024, 7, 3);
        (await Report(_gxj, "LOCAL-PROCUREMENT", "2024-06", 14m)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Report(_sjb, "LOCAL-PROCUREMENT", "2024-06", 14m)).StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Set(2024, 8, 5);
        (await Report(_sjb, "LOCAL-PROCUREMENT", "2024-07", 17m)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var june = await Summary("gxj", "2024-06");
        Codes(june).ShouldContain("LOCAL-PROCUREMENT");
        Codes(await Summary("sjb", "2024-06")).ShouldBeEmpty();
        Codes(await Summary("sjb", "2024-07")).ShouldContain("LOCAL-PROCUREMENT");
        Codes(await Summary("gxj", "2024-07")).ShouldNotContain("LOCAL-PROCUREMENT");
        Codes(await Summary("gxj", null)).ShouldBeEmpty();

        // The 1–6月 report names gxj whenever it is asked; the 1–7月 report names sjb once the move is known.
        var auditor = _host.ClientAs("he.audit", "sjj", "auditor");
        foreach (var asOf in new[] { _beforeMove, _clock.GetUtcNow() })
            (await Department(auditor, "2024-06", asOf)).ShouldBe("gxj");
        (await Department(auditor, "2024-07", _clock.GetUtcNow())).ShouldBe("sjb");
        (await Department(auditor, "2024-07", _beforeMove)).ShouldBe("gxj");

        var gxjCalendar = await Calendar("gxj");
        gxjCalendar.ShouldContain("LOCAL-PROCUREMENT 2024-06");
        gxjCalendar.ShouldNotContain("LOCAL-PROCUREMENT 2024-07");
        (await Calendar("sjb")).ShouldContain("LOCAL-PROCUREMENT 2024-07");

        var history = (await (await auditor.GetAsync($"{Plan}/indicators/LOCAL-PROCUREMENT/history")).Json()).GetProperty("entries").EnumerateArray().ToList();
        var moved = history.Single(h => h.GetProperty("change").GetString() == "owner reassigned");
        (moved.GetProperty("from").GetString(), moved.GetProperty("to").GetString()).ShouldBe(("gxj", "sjb"));
        moved.GetProperty("reason").GetString()!.ShouldContain("青编发〔2024〕8号");
        var indicator = await (await _host.Viewer().GetAsync($"{Plan}/indicators/LOCAL-PROCUREMENT")).Json();
        indicator.GetProperty("owners").EnumerateArray().Select(o => o.GetProperty("department").GetString()).ShouldBe(["gxj", "sjb"]);
        indicator.GetProperty("ownerDepartment").GetString().ShouldBe("sjb");
    }

    [Fact]
    public async Task Moving_the_same_department_again_changes_nothing_and_an_unknown_department_is_refused()
    {
        var before = (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Count;
        (await _admin.PostJson($"{Plan}/departments/gxj/reassignments", new { into = "sjb", effectiveFrom = "2024-07-01", basis = "青编发〔2024〕8号" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Count.ShouldBe(before);

        var response = await _admin.PostJson($"{Plan}/indicators/GDP/owner-reassignments", new { department = "nowhere", effectiveFrom = "2024-07-01", basis = "x" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemErrors()).ShouldContainKey("department");
    }

    private Task<HttpResponseMessage> Report(HttpClient client, string code, string period, decimal value) =>
        client.PostJson($"{Plan}/indicators/{code}/reports", new { reportId = $"{code}-{period}", period, value, unit = "亿元" });

    private async Task<JsonElement> Summary(string department, string? period) =>
        await (await _host.Viewer().GetAsync($"{Plan}/departments/{department}/summary{(period is null ? "" : $"?period={period}")}")).Json();

    private static List<string> Codes(JsonElement summary) =>
        summary.GetProperty("indicatorItems").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList();

    private async Task<string?> Department(HttpClient auditor, string period, DateTimeOffset asOf)
    {
        var at = Uri.EscapeDataString(asOf.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz"));
        var report = await (await auditor.GetAsync($"{Plan}/reports/{period}?asOf={at}")).Json();
        return report.GetProperty("indicators").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "LOCAL-PROCUREMENT")
            .GetProperty("department").GetString();
    }

    private async Task<List<string>> Calendar(string department) =>
        (await (await _host.Viewer().GetAsync($"{Plan}/departments/{department}/calendar")).Json()).EnumerateArray()
            .Select(c => $"{c.GetProperty("indicator").GetString()} {c.GetProperty("period").GetString()}").ToList();
}
