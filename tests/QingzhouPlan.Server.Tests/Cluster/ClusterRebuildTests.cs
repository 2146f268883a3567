using System.Net;
using System.Text.Json;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Cluster;

/// <summary>
/// A rebuild of InfluxDB in a cluster: only the node holding the subscription may run it (another would make a
/// second writer), and every node can say how it goes.
/// </summary>
[Collection(WholeProcesses.Name)]
public sealed class ClusterRebuildTests : IAsyncLifetime
{
    private readonly ProcessStore _store = new("rebuild");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Only_the_subscriptions_node_rebuilds_and_any_node_shows_the_progress()
    {
        await using var first = await _store.Start(ServerProcess.Clustered);
        await using var second = await _store.Start(ServerProcess.Clustered);
        using var firstAdmin = first.ClientAs("rebuild.admin", "fgj", "admin");
        using var secondAdmin = second.ClientAs("rebuild.admin", "fgj", "admin");
        await ClusterAdmin.UntilActive(firstAdmin, 2);
        // HotCold: one node takes the subscription once its daemon has started.
        HttpClient? holder = null, other = null;
        await Wait.Until(async () =>
        {
            var (a, b) = (await Here(firstAdmin), await Here(secondAdmin));
            (holder, other) = a && !b ? (firstAdmin, secondAdmin) : b && !a ? (secondAdmin, firstAdmin) : (null, null);
            return holder is not null;
        }, TimeSpan.FromSeconds(60));

        var refused = await other!.PostAsync("/api/admin/projections/influx/rebuild", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("subscriptionHere");

        (await holder!.PostAsync("/api/admin/projections/influx/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonElement seen = default;
        await Wait.Until(async () => (seen = await Status(other)).GetProperty("state").GetString() == "done", TimeSpan.FromSeconds(60));
        var atHolder = await Status(holder);
        atHolder.GetProperty("state").GetString().ShouldBe("done");
        seen.GetProperty("subscriptionHere").GetBoolean().ShouldBeFalse();
        seen.GetProperty("eventsTotal").GetInt64().ShouldBe(atHolder.GetProperty("eventsTotal").GetInt64());
        seen.GetProperty("eventsDone").GetInt64().ShouldBe(atHolder.GetProperty("eventsTotal").GetInt64());
    }

    private static async Task<bool> Here(HttpClient admin) => (await Status(admin)).GetProperty("subscriptionHere").GetBoolean();

    private static async Task<JsonElement> Status(HttpClient admin) => await (await admin.GetAsync("/api/admin/projections/influx")).Json();
}
