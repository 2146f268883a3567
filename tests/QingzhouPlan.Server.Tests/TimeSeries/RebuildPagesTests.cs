using System.Net;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// A rebuild read in pages of a few sequence numbers crosses hundreds of page boundaries, with one page mapped while
/// the last is written and each stream's points let go at its last event: InfluxDB must still end exactly as the
/// event store implies, and as the live subscription had left it.
/// </summary>
public sealed class RebuildPagesTests : IAsyncLifetime
{
    private readonly PlanHost _host = new(overrides: new Dictionary<string, string?> { ["TimeSeries:RebuildPageSize"] = "7" }, clock: ManualClock.At(2024, 8, 20));

    public async Task InitializeAsync()
    {
        await Workload.ReportMonths(_host, 1, 7);
        await Workload.ChangeFigures(_host);
        await _host.WaitForProjections();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_rebuild_in_small_pages_ends_with_the_points_the_subscription_wrote()
    {
        var live = await _host.Influx.Everything();
        var admin = _host.ClientAs("admin.user", "fgj", "admin");

        (await admin.PostAsync("/api/admin/projections/influx/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var status = default(System.Text.Json.JsonElement);
        await Wait.Until(async () =>
        {
            status = await (await admin.GetAsync("/api/admin/projections/influx")).Json();
            return status.GetProperty("state").GetString() == "done";
        }, TimeSpan.FromSeconds(60));
        await _host.WaitForProjections();

        status.GetProperty("eventsTotal").GetInt64().ShouldBeGreaterThan(50 * 7);
        (await ProjectionOracle.Read(_host.Influx)).ShouldEqual(await ProjectionOracle.From(_host.Store));
        (await _host.Influx.Everything()).ShouldBe(live);
    }
}
