using System.Net;
using System.Text.Json;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// A county system sends many figures in one request: each is decided as its single report would be (rules,
/// permissions, idempotency on its report id, an optional expected version), each gets its own answer, and a
/// refused one stops none of the others. A batch too large is refused whole and changes nothing.
/// </summary>
public sealed class ReportBatchTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 7, 12));
    private HttpClient _gxj = null!;

    public Task InitializeAsync()
    {
        _gxj = _host.ClientAs("county.system", "gxj");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static object Report(string indicator, string reportId, string period, decimal value, string unit, long? expectedVersion = null) =>
        new { indicator, reportId, period, value, unit, expectedVersion };

    private async Task<JsonElement> Send(params object[] reports)
    {
        var response = await _gxj.PostJson($"{Plan}/report-batches", new { reports });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static JsonElement Result(JsonElement answer, int index) => answer.GetProperty("results")[index];

    private async Task<int> EventCount(string code) => (await _host.Events($"qingzhou-2024/{code}")).Count;

    [Fact]
    public async Task Each_report_is_recorded_as_its_single_report_would_be_and_sending_the_batch_again_records_nothing()
    {
        object[] batch =
        [
            Report("LOCAL-PROCUREMENT", "lp-05", "2024-05", 12m, "亿元"),
            Report("KEY-INDUSTRIAL-INVESTMENT", "kii-06", "2024-06", 310000m, "万元"),
            Report("LOCAL-PROCUREMENT", "lp-06", "2024-06", 13m, "亿元"),
            Report("QUALITY-ENTERPRISES", "qe-q2", "2024-Q2", 25m, "家"),
            Report("KEY-INDUSTRIAL-PROJECTS", "kip-q2", "2024-Q2", 10m, "个"),
        ];

        var first = await Send(batch);
        first.GetProperty("committed").GetInt32().ShouldBe(5);
        first.GetProperty("refused").GetInt32().ShouldBe(0);
        Enumerable.Range(0, 5).Select(i => Result(first, i).GetProperty("status").GetInt32()).ShouldAllBe(s => s == 201);
        // One indicator's reports are decided in the order sent.
        Result(first, 2).GetProperty("version").GetInt64().ShouldBeGreaterThan(Result(first, 0).GetProperty("version").GetInt64());
        (await _gxj.StandingFigure($"{Plan}/indicators/LOCAL-PROCUREMENT", "2024-06")).ShouldBe(13m);
        (await _gxj.StandingFigure($"{Plan}/indicators/KEY-INDUSTRIAL-INVESTMENT", "2024-06")).ShouldBe(31m, "万元 stored as 亿元, as a single report");
        var events = await EventCount("LOCAL-PROCUREMENT");

        var again = await Send(batch);
        again.GetProperty("unchanged").GetInt32().ShouldBe(5);
        again.GetProperty("committed").GetInt32().ShouldBe(0);
        Result(again, 2).GetProperty("version").GetInt64().ShouldBe(Result(first, 2).GetProperty("version").GetInt64());
        (await EventCount("LOCAL-PROCUREMENT")).ShouldBe(events);
    }

    [Fact]
    public async Task Each_report_is_judged_on_its_own_and_a_refused_one_records_nothing()
    {
        var single = await (await _gxj.PostJson($"{Plan}/indicators/QUALITY-ENTERPRISES/reports",
            new { reportId = "qe-q1", period = "2024-Q1", value = 12m, unit = "家" })).Json();
        var read = single.GetProperty("version").GetInt64();
        var gdpEvents = await EventCount("GDP");

        var answer = await Send(
            Report("LOCAL-PROCUREMENT", "lp-06", "2024-06", 13m, "亿元"),
            Report("GDP", "gdp-q2", "2024-Q2", 5.6m, "%"),
            Report("KEY-INDUSTRIAL-INVESTMENT", "kii-13", "2024-13", 30m, "亿元"),
            new { reportId = "nameless", period = "2024-06", value = 1m, unit = "亿元" },
            Report("QUALITY-ENTERPRISES", "qe-q2", "2024-Q2", 25m, "家", expectedVersion: read),
            Report("KEY-INDUSTRIAL-PROJECTS", "kip-q2", "2024-Q2", 10m, "个", expectedVersion: 0));

        answer.GetProperty("committed").GetInt32().ShouldBe(2);
        answer.GetProperty("refused").GetInt32().ShouldBe(4);
        Result(answer, 0).GetProperty("status").GetInt32().ShouldBe(201);
        Result(answer, 1).GetProperty("status").GetInt32().ShouldBe(403, "GDP is tjj's");
        Result(answer, 2).GetProperty("status").GetInt32().ShouldBe(400);
        Result(answer, 2).GetProperty("problem").GetProperty("errors").TryGetProperty("period", out _).ShouldBeTrue();
        Result(answer, 3).GetProperty("problem").GetProperty("errors").TryGetProperty("indicator", out _).ShouldBeTrue();
        Result(answer, 4).GetProperty("status").GetInt32().ShouldBe(201, "recorded onto the version it was read at");
        Result(answer, 5).GetProperty("status").GetInt32().ShouldBe(409, "the item has moved since version 0");
        Result(answer, 5).GetProperty("problem").GetProperty("clerk").GetString()!.ShouldContain("请刷新后再报");

        (await EventCount("GDP")).ShouldBe(gdpEvents);
        (await _gxj.StandingFigure($"{Plan}/indicators/KEY-INDUSTRIAL-PROJECTS", "2024-Q2")).ShouldBeNull();
        (await _gxj.StandingFigure($"{Plan}/indicators/KEY-INDUSTRIAL-INVESTMENT", "2024-06")).ShouldBeNull();
    }

    [Fact]
    public async Task A_batch_over_its_limits_is_refused_whole_and_changes_nothing()
    {
        var events = await EventCount("LOCAL-PROCUREMENT");
        var tooMany = Enumerable.Range(0, 1001).Select(i => Report("LOCAL-PROCUREMENT", $"many-{i}", "2024-06", 13m, "亿元")).ToArray();
        var refused = await _gxj.PostJson($"{Plan}/report-batches", new { reports = tooMany });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ProblemErrors()).ShouldContainKey("reports");

        var oversized = await _gxj.PostJson($"{Plan}/report-batches",
            new { reports = new[] { new { indicator = "LOCAL-PROCUREMENT", reportId = "big", period = "2024-06", value = 13m, unit = "亿元", note = new string('注', 600_000) } } });
        oversized.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        (await _gxj.PostJson($"{Plan}/report-batches", new { reports = Array.Empty<object>() })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await EventCount("LOCAL-PROCUREMENT")).ShouldBe(events);
    }
}
