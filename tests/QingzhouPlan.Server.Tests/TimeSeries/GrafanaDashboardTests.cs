using System.Text.Json.Nodes;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// Every query of the provisioned Grafana dashboard (infra/grafana) — each panel's InfluxQL and each
/// variable's — run against the real InfluxDB after a half-year of reports has been projected, with the
/// variables filled as a user would pick them: each returns the series it is meant to show.
/// </summary>
public sealed class GrafanaDashboardTests : IAsyncLifetime
{
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 8, 20));

    public async Task InitializeAsync()
    {
        await Workload.ReportMonths(_host, 1, 6);
        await Workload.ChangeFigures(_host);
        // June's round for one department: submitted and approved at its own level (the round panels' steps).
        (await _host.ClientAs("li.wei", "gxj").PostJson("/api/plans/qingzhou-2024/departments/gxj/rounds/2024-06", new { action = "Submit" }))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await _host.ClientAs("gxj.head", "gxj", "approver").PostJson("/api/plans/qingzhou-2024/departments/gxj/rounds/2024-06",
            new { action = "Approve", level = "department" })).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await _host.WaitForProjections();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly Dictionary<string, string> Picked = new()
    {
        ["$plan"] = "qingzhou-2024",
        ["$department"] = "gxj",
        ["$indicator"] = "LOCAL-PROCUREMENT",
        ["$timeFilter"] = "time >= '2024-01-01T00:00:00Z' AND time <= '2025-01-31T00:00:00Z'",
    };

    [Fact]
    public async Task Every_variable_offers_what_a_user_picks_and_every_panel_returns_its_series()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "infra", "grafana", "dashboards", "qingzhou-plan.json")))!;

        var variables = dashboard["templating"]!["list"]!.AsArray();
        variables.Count.ShouldBe(3);
        foreach (var variable in variables)
        {
            var name = variable!["name"]!.GetValue<string>();
            var values = (await _host.Influx.Rows(Fill(variable["query"]!.GetValue<string>())))
                .Select(r => (r.GetValueOrDefault("value").ValueKind == System.Text.Json.JsonValueKind.String ? r["value"] : r["distinct"]).GetString()).ToList();
            values.ShouldContain(Picked[$"${name}"], name);
        }

        var panels = dashboard["panels"]!.AsArray();
        panels.Count.ShouldBeGreaterThanOrEqualTo(5);
        foreach (var panel in panels)
            foreach (var target in panel!["targets"]!.AsArray())
            {
                var title = $"{panel["title"]} / {target!["refId"]}";
                var rows = await _host.Influx.Rows(Fill(target["query"]!.GetValue<string>()));
                rows.ShouldNotBeEmpty(title);
            }

        var annotation = dashboard["annotations"]!["list"]![0]!["query"]!.GetValue<string>();
        (await _host.Influx.Rows(Fill(annotation))).ShouldNotBeEmpty("revision annotations");
    }

    [Fact]
    public async Task The_department_panel_shows_exactly_the_departments_indicators_that_have_figures()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "infra", "grafana", "dashboards", "qingzhou-plan.json")))!;
        var query = dashboard["panels"]!.AsArray().Single(p => p!["id"]!.GetValue<int>() == 2)!["targets"]![0]!["query"]!.GetValue<string>();

        var rows = await _host.Influx.Rows(Fill(query));

        rows.Select(r => r["indicator"].GetString()).ShouldBe(["KEY-INDUSTRIAL-INVESTMENT", "LOCAL-PROCUREMENT"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_round_panel_shows_each_figures_place_in_the_approvals_as_the_round_board_does()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "infra", "grafana", "dashboards", "qingzhou-plan.json")))!;
        var query = dashboard["panels"]!.AsArray().Single(p => p!["id"]!.GetValue<int>() == 6)!["targets"]![0]!["query"]!.GetValue<string>();

        var rows = (await _host.Influx.Rows(Fill(query))).ToDictionary(r => r["indicator"].GetString()!);
        var board = await (await _host.ClientAs("fgj.reviewer", "fgj", "reviewer").GetAsync("/api/plans/qingzhou-2024/rounds/2024-06?department=gxj")).Json();

        var procurement = rows["LOCAL-PROCUREMENT"];
        (procurement["期别"].GetString(), procurement["审核状态"].GetString(), procurement["已通过层级"].GetInt64()).ShouldBe(("2024-06", "approved", 1L));
        var line = board.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "LOCAL-PROCUREMENT");
        (line.GetProperty("state").GetString(), line.GetProperty("approvedLevels").GetInt32()).ShouldBe(("Awaiting", 1));
    }

    [Fact]
    public async Task The_target_line_changes_at_the_period_its_adjustment_first_governs_not_at_the_end_of_the_one_before()
    {
        // The workload set 28 from 1 May; from 1 July it is 26. June's figure is still judged against 28, July's against
        // 26. June's point is plotted at the instant June ends, which is the instant the new target takes effect.
        (await _host.ClientAs("wang.review", "tjj", "reviewer").PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/target-adjustments",
            new { value = 26m, comparator = "Exceed", effectiveFrom = "2024-07-01", reason = "调整", legalBasis = "市人大常委会批准" })).StatusCode
            .ShouldBe(System.Net.HttpStatusCode.Created);
        (await _host.ClientAs("li.wei", "gxj").PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "grafana-7", period = "2024-07", value = 17m, unit = "亿元" })).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        await _host.WaitForProjections();
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "infra", "grafana", "dashboards", "qingzhou-plan.json")))!;
        var panel = dashboard["panels"]!.AsArray().Single(p => p!["targets"]!.AsArray().Any(t => t!["query"]!.GetValue<string>().Contains("目标")))!;
        var query = panel["targets"]!.AsArray().Single(t => t!["query"]!.GetValue<string>().Contains("目标"))!["query"]!.GetValue<string>();

        var rows = await _host.Influx.Rows(Fill(query));

        // A month's point is plotted as the month ends, Beijing time (rows give milliseconds since the epoch).
        long Month(int month) => new DateTimeOffset(2024, month, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddMonths(1).ToUnixTimeMilliseconds();
        var targets = rows.ToDictionary(r => r["time"].GetInt64(), r => r["目标"].GetDecimal());
        targets[Month(6)].ShouldBe(28m, "June's figure is judged against the target in force on 30 June");
        targets[Month(7)].ShouldBe(26m);
    }

    private static string Fill(string query) => Picked.Aggregate(query, (q, v) => q.Replace(v.Key, v.Value, StringComparison.Ordinal));
}
