using System.Net;
using System.Text.RegularExpressions;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.TimeSeries;

public sealed partial class InfluxProjectionTests : IAsyncLifetime
{
    // Rebuilds here read pages of seven sequence numbers, so they cross dozens of page boundaries, with one page
    // mapped while the last is written and each stream's points let go at its last event.
    private readonly PlanHost _host = new(overrides: new Dictionary<string, string?> { ["TimeSeries:RebuildPageSize"] = "7" }, clock: ManualClock.At(2024, 8, 20));

    public Task InitializeAsync() => Workload.MonthsAndChangesProjected(_host);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task InfluxDB_holds_exactly_what_the_event_store_implies()
    {
        var expected = await ProjectionOracle.From(_host.Store);

        (await ProjectionOracle.Read(_host.Influx)).ShouldEqual(expected);
        expected.Actuals.Count.ShouldBeGreaterThan(60); // the 2023 results, 13 monthly figures, GDP
    }

    [Fact]
    public async Task A_retracted_figure_is_gone_and_its_revision_is_annotated()
    {
        var june = new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        var actual = await _host.Influx.Rows("SELECT value FROM indicator_actual WHERE indicator = 'KEY-INDUSTRIAL-INVESTMENT' AND plan = 'qingzhou-2024'");
        actual.Select(r => r["time"].GetInt64()).ShouldNotContain(june);
        actual.Count.ShouldBe(6);

        var revision = await _host.Influx.Rows("SELECT previous, delta, actor FROM indicator_revision WHERE kind = 'retracted'");
        revision.Count.ShouldBe(1);
        revision[0]["previous"].GetDecimal().ShouldBe(45m);
        revision[0]["delta"].GetDecimal().ShouldBe(-45m);
        revision[0]["actor"].GetString().ShouldBe("zhao.min");
    }

    [Fact]
    public async Task A_target_adjustment_adds_a_step_and_reweighs_later_periods()
    {
        var targets = await _host.Influx.Rows("SELECT value FROM indicator_target WHERE indicator = 'LOCAL-PROCUREMENT'");
        targets.Select(r => r["value"].GetDecimal()).ShouldBe([30m, 28m]);

        var july = await _host.Influx.Rows("SELECT expected, completion, verified FROM indicator_actual WHERE indicator = 'LOCAL-PROCUREMENT' AND period = '2024-07'");
        july.Single()["expected"].GetDecimal().ShouldBe(28m * 7 / 12, 0.0001m);
        var may = await _host.Influx.Rows("SELECT verified FROM indicator_actual WHERE indicator = 'LOCAL-PROCUREMENT' AND period = '2024-05'");
        may.Single()["verified"].GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Every_dashboard_query_in_the_README_returns_what_a_panel_needs()
    {
        var queries = ReadmeQueries();
        queries.Count.ShouldBeGreaterThanOrEqualTo(3);
        foreach (var (title, query) in queries)
        {
            var rows = await _host.Influx.Rows(query);
            rows.ShouldNotBeEmpty(title);
            rows.ShouldAllBe(r => r.ContainsKey("time"), title);
        }
    }

    [Fact]
    public async Task The_influx_command_line_client_reads_the_same_points()
    {
        var url = new Uri(_host.Influx.Url);
        var psi = new System.Diagnostics.ProcessStartInfo("influx",
            ["-host", url.Host, "-port", url.Port.ToString(), "-database", _host.InfluxDatabase, "-format", "csv",
             "-execute", "SELECT value FROM indicator_actual WHERE indicator = 'LOCAL-PROCUREMENT' AND period = '2024-03'"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Split(',')[^1].ShouldBe("7");
    }

    [Fact]
    public async Task A_rebuild_replays_every_event_into_the_same_points()
    {
        var before = await _host.Influx.Everything();
        var admin = _host.ClientAs("admin.user", "fgj", "admin");

        var started = await admin.PostAsync("/api/admin/projections/influx/rebuild", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var status = await WaitForRebuild(admin);
        await _host.WaitForProjections();

        status.GetProperty("eventsTotal").GetInt64().ShouldBeGreaterThan(200);
        (await _host.Influx.Everything()).ShouldBe(before);
        (await ProjectionOracle.Read(_host.Influx)).ShouldEqual(await ProjectionOracle.From(_host.Store));
    }

    [Fact]
    public async Task Reports_made_while_a_rebuild_replays_reach_InfluxDB_once_the_subscription_takes_over()
    {
        var admin = _host.ClientAs("admin.user", "fgj", "admin");
        var gxj = _host.ClientAs("li.wei", "gxj");

        (await admin.PostAsync("/api/admin/projections/influx/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        // During the replay, and so after its high-water mark: the subscription must carry these from the mark.
        foreach (var (code, quarter, value) in new[] { ("QUALITY-ENTERPRISES", 1, 12m), ("QUALITY-ENTERPRISES", 2, 25m), ("DIGITAL-PROJECTS", 1, 6m) })
            (await gxj.PostJson($"/api/plans/qingzhou-2024/indicators/{code}/reports",
                new { reportId = $"during-rebuild-{code}-{quarter}", period = $"2024-Q{quarter}", value, unit = code == "DIGITAL-PROJECTS" ? "个" : "家" }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        await WaitForRebuild(admin);
        await _host.WaitForProjections();

        (await ProjectionOracle.Read(_host.Influx)).ShouldEqual(await ProjectionOracle.From(_host.Store));
        (await _host.Influx.Rows("SELECT value FROM indicator_actual WHERE indicator = 'QUALITY-ENTERPRISES'")).Count.ShouldBe(2);

        // The subscription the rebuild handed back to is this node's again: a second rebuild may start.
        (await (await admin.GetAsync("/api/admin/projections/influx")).Json()).GetProperty("subscriptionHere").GetBoolean().ShouldBeTrue();
        (await admin.PostAsync("/api/admin/projections/influx/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await WaitForRebuild(admin);
        await _host.WaitForProjections();
        (await ProjectionOracle.Read(_host.Influx)).ShouldEqual(await ProjectionOracle.From(_host.Store));
    }

    private async Task<System.Text.Json.JsonElement> WaitForRebuild(HttpClient admin)
    {
        for (var i = 0; i < 300; i++)
        {
            var status = await (await admin.GetAsync("/api/admin/projections/influx")).Json();
            if (status.GetProperty("state").GetString() == "done")
                return status;
            await Task.Delay(100);
        }
        throw new TimeoutException("the rebuild did not finish in 30 s");
    }

    /// <summary>The ```influxql blocks of README's dashboard section, with their headings.</summary>
    private static List<(string Title, string Query)> ReadmeQueries()
    {
        var readme = File.ReadAllText(Path.Combine(Seeds.Directory, "..", "README.md"));
        return InfluxQlBlock().Matches(readme).Select(m => (m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim())).ToList();
    }

    [GeneratedRegex(@"^#### ([^\n]+)\n+```influxql\n(.+?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex InfluxQlBlock();
}
