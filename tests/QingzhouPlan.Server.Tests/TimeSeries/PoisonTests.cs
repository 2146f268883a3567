using System.Net;
using System.Text;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Targets;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// Events are immutable, so an event the rules cannot judge — here a target with a comparator that does not
/// exist, as an older server once accepted — stays in the store. It must cost one line, never a report, a
/// summary or the projection. And points InfluxDB refuses are set aside, not retried forever.
/// </summary>
public sealed class PoisonTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly ManualClock _clock = ManualClock.At(2024, 7, 12);
    private readonly PlanHost _host;

    public PoisonTests() => _host = new PlanHost(clock: _clock);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_item_that_cannot_be_judged_is_an_error_line_and_the_projection_sets_its_event_aside()
    {
        var gxj = _host.ClientAs("li.wei", "gxj");
        (await gxj.PostJson($"{Plan}/indicators/DIGITAL-PROJECTS/reports", new { reportId = "q2", period = "2024-Q2", value = 12m, unit = "个" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await using (var session = _host.Store.LightweightSession())
        {
            session.Events.Append("qingzhou-2024/DIGITAL-PROJECTS", new TargetAdjusted(new Target(20m, (Comparator)9), new Target(30m, Comparator.Reach),
                new DateOnly(2024, 1, 1), "recorded by an older server", "—", ActedBy.System()));
            await session.SaveChangesAsync();
        }
        await _host.DeactivateAllGrains();
        (await gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "m6", period = "2024-06", value = 14m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var summary = await (await _host.Viewer().GetAsync($"{Plan}/summary")).Json();
        summary.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ShouldBe(["DIGITAL-PROJECTS"]);
        var department = await (await _host.Viewer().GetAsync($"{Plan}/departments/gxj/summary")).Json();
        department.GetProperty("errors").GetArrayLength().ShouldBe(1);
        var auditor = _host.ClientAs("he.audit", "sjj", "auditor");
        var report = await (await auditor.GetAsync($"{Plan}/reports/2024-06")).Json();
        report.GetProperty("errors").EnumerateArray().Single().GetProperty("code").GetString().ShouldBe("DIGITAL-PROJECTS");
        report.GetProperty("indicators").EnumerateArray().ShouldContain(l => l.GetProperty("code").GetString() == "LOCAL-PROCUREMENT");
        (await _host.Viewer().GetAsync($"{Plan}/indicators/DIGITAL-PROJECTS/status")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await auditor.GetAsync($"{Plan}/indicators/DIGITAL-PROJECTS/history")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The projection goes past the event: the later report reaches InfluxDB, the bad one is listed.
        await _host.WaitForProjections();
        (await _host.Influx.Rows("SELECT value FROM indicator_actual WHERE plan = 'qingzhou-2024' AND indicator = 'LOCAL-PROCUREMENT'")).ShouldHaveSingleItem();
        var letters = await DeadLetters();
        letters.Select(l => l.GetProperty("stream").GetString()).ShouldBe(["qingzhou-2024/DIGITAL-PROJECTS"]);
        await ShouldBeUnhealthyUntilAcknowledged(letters[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Points_InfluxDB_refuses_are_set_aside_and_later_events_still_arrive()
    {
        // A string field where the projection writes numbers: InfluxDB refuses the revision points of that
        // shard (the week from Thursday 25 July, UTC; the plan is loaded on 12 July, in another week).
        var gxj = _host.ClientAs("li.wei", "gxj");
        await _host.WaitForProjections();
        _clock.Set(2024, 7, 26);
        var influx = new HttpClient();
        await influx.PostAsync($"{ServiceEndpoints.InfluxUrl}/query?q={Uri.EscapeDataString($"CREATE DATABASE \"{_host.InfluxDatabase}\"")}", null);
        var at = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        (await influx.PostAsync($"{ServiceEndpoints.InfluxUrl}/write?db={_host.InfluxDatabase}&precision=ms",
            new StringContent($"indicator_revision,plan=x delta=\"text\" {at}", Encoding.UTF8))).EnsureSuccessStatusCode();
        (await gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "m6", period = "2024-06", value = 14m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Set(2024, 8, 20);
        (await gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "m7", period = "2024-07", value = 16m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        await _host.WaitForProjections();
        (await _host.Influx.Rows("SELECT value FROM indicator_revision WHERE indicator = 'LOCAL-PROCUREMENT' AND period = '2024-07'")).ShouldHaveSingleItem();
        var letters = await DeadLetters();
        letters.ShouldHaveSingleItem().GetProperty("error").GetString()!.ShouldContain("400");
        letters[0].GetProperty("eventType").GetString().ShouldBe("value_reported");
    }

    private async Task<List<System.Text.Json.JsonElement>> DeadLetters() =>
        (await (await _host.ClientAs("zhang.admin", "fgj", "admin").GetAsync("/api/admin/projections/influx")).Json())
            .GetProperty("deadLetters").EnumerateArray().ToList();

    private async Task ShouldBeUnhealthyUntilAcknowledged(long id)
    {
        var admin = _host.ClientAs("zhang.admin", "fgj", "admin");
        var health = await admin.GetAsync("/health");
        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await health.Json()).GetProperty("parts").GetProperty("projection").GetProperty("status").GetString().ShouldBe("Unhealthy");
        (await admin.PostJson($"/api/admin/projections/influx/dead-letters/{id}/acknowledge", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A rebuild meets the event again: it stays acknowledged.
        (await admin.PostAsync("/api/admin/projections/influx/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await _host.WaitForProjections(TimeSpan.FromSeconds(60));
        (await DeadLetters()).ShouldHaveSingleItem().GetProperty("acknowledgedAt").ValueKind.ShouldNotBe(System.Text.Json.JsonValueKind.Null);
        (await admin.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
