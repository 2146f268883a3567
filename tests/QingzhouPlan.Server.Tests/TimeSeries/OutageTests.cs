using System.Net;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>InfluxDB stopped in the middle of a stream of reports, then started again: nothing lost, nothing duplicated.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task Reporting_goes_on_while_InfluxDB_is_down_and_the_projection_catches_up_exactly()
    {
        await using var influx = await OwnInflux.Start();
        var clock = ManualClock.At(2025, 1, 20);
        await using var host = new PlanHost(
            overrides: new Dictionary<string, string?> { ["InfluxDb:Url"] = influx.Url, ["TimeSeries:MaxLagSeconds"] = "90" },
            clock: clock);
        var health = host.Viewer();

        await Workload.ReportMonths(host, 1, 4);
        await host.WaitForProjections();

        await influx.Stop();
        await Workload.ReportMonths(host, 5, 9);           // acknowledged from PostgreSQL alone
        var degraded = await (await health.GetAsync("/health")).Json();
        degraded.GetProperty("parts").GetProperty("influxdb").GetProperty("status").GetString().ShouldBe("Degraded");
        degraded.GetProperty("status").GetString().ShouldBe("Degraded");
        degraded.GetProperty("parts").GetProperty("projection").GetProperty("status").GetString().ShouldBe("Healthy");
        clock.Advance(TimeSpan.FromMinutes(2));            // the oldest unprojected report is now 2 minutes old
        var lagging = await (await health.GetAsync("/health")).Json();
        lagging.GetProperty("parts").GetProperty("projection").GetProperty("status").GetString().ShouldBe("Degraded");
        lagging.GetProperty("parts").GetProperty("projection").GetProperty("description").GetString()!.ShouldContain("10 events behind");

        await influx.Restart();
        await Workload.ReportMonths(host, 10, 12);
        await Workload.ChangeFigures(host);
        await host.WaitForProjections(TimeSpan.FromSeconds(60));

        (await ProjectionOracle.Read(host.Influx)).ShouldEqual(await ProjectionOracle.From(host.Store));
        var revisions = await host.Influx.Rows("SELECT count(revision) FROM indicator_revision WHERE plan = 'qingzhou-2024'");
        revisions.Single()["count"].GetInt32().ShouldBe(24 + 3);
        (await health.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
