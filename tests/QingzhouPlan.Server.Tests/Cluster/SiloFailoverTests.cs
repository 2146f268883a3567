using System.Diagnostics;
using System.Text.Json;
using QingzhouPlan.Server.Tests.Support;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Cluster;

/// <summary>
/// Two silos in one cluster (Redis membership, Marten's daemon HotCold), sixteen clients reporting through
/// both. The silo holding most activations is killed (SIGKILL): no acknowledged report is lost, every item is
/// writable again through the other silo within seconds, the other silo takes over the InfluxDB subscription
/// with no gap, the chains verify, and the killed silo, started again, rejoins.
/// </summary>
[Collection(WholeProcesses.Name)]
public sealed class SiloFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Plan = "qingzhou-2024";
    private readonly ProcessStore _store = new("silo");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_killed_silo_loses_no_acknowledged_report_and_its_items_are_writable_again_on_the_other()
    {
        await using var first = await _store.Start(ServerProcess.Clustered);
        await using var second = await _store.Start(ServerProcess.Clustered);
        ServerProcess[] silos = [first, second];
        using var admin = first.ClientAs("silo.admin", "fgj", "admin");
        await ClusterAdmin.UntilActive(admin, 2);

        // Each indicator's last period is kept back: after the kill, one report per indicator shows when it is writable again.
        var all = await ReportSlot.For(first, Plan);
        var probes = all.GroupBy(s => s.Code).Select(g => g.Last()).ToList();
        var load = new ClusterLoad(silos, all.Except(probes), clients: 16, enough: 60, user: "silo");
        await load.Enough(TimeSpan.FromSeconds(60));
        var busiest = (await ClusterAdmin.Silos(admin)).Where(s => s.Status == "Active").MaxBy(s => s.Activations)!;
        var victim = silos.Single(s => s.SiloPort == busiest.SiloPort);
        var survivor = silos.Single(s => s != victim);
        load.Left.ShouldBeGreaterThan(0, "the workers ran out of reports before the kill");
        load.Disrupt(victim);
        var logged = survivor.LineCount;
        var sinceKill = Stopwatch.StartNew();
        await victim.Kill();

        // Every item the plan has, written through the survivor: how long until each takes a report again.
        var writable = await Failover.EveryItemWritable(survivor, probes, TimeSpan.FromSeconds(60));
        var writableAfter = sinceKill.Elapsed;
        await load.Stop();
        output.WriteLine($"{load.Acknowledged.Count} reports acknowledged by the time the workers stopped; silo with {busiest.Activations} activations killed; " +
            $"all {writable.Count} indicators writable again after {writableAfter.TotalSeconds:0.0} s");
        writableAfter.ShouldBeLessThan(TimeSpan.FromSeconds(10));

        // What the survivor logged of the failover reads as what happened: the silo declared dead, not hundreds of
        // retries. (Its JSON lines carry their level.)
        var failover = survivor.LinesFrom(logged);
        var loud = failover.Where(l => l.Contains("\"LogLevel\":\"Warning\"") || l.Contains("\"LogLevel\":\"Error\"") || l.Contains("\"LogLevel\":\"Critical\"")).ToList();
        output.WriteLine($"the survivor logged {failover.Count} lines after the kill, {loud.Count} at warning or above");
        failover.ShouldContain(l => l.Contains("was declared dead"), string.Join('\n', failover.TakeLast(50)));
        loud.Count.ShouldBeLessThan(20, string.Join(", ", loud
            .GroupBy(l => System.Text.RegularExpressions.Regex.Match(l, "\"Category\":\"([^\"]+)\"").Groups[1].Value)
            .Select(g => $"{g.Key} ×{g.Count()}")));

        using var survivorViewer = survivor.ClientAs("silo.viewer", "tjj", "viewer");
        await ReportSlot.ShouldAllStand(survivorViewer, load.Acknowledged.Concat(writable));
        using var auditor = survivor.ClientAs("silo.audit", "sjj", "auditor");
        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());

        // The survivor took over the InfluxDB subscription and carried it from where the dead leader left it. A
        // commit cut short by the kill leaves a gap in the sequence, which the daemon waits out (30 s) before
        // going past it.
        using var survivorAdmin = survivor.ClientAs("silo.admin", "fgj", "admin");
        await Wait.Until(async () =>
        {
            var status = await (await survivorAdmin.GetAsync("/api/admin/projections/influx")).Json();
            return status.GetProperty("subscriptionHere").GetBoolean() && status.GetProperty("lag").GetProperty("eventsBehind").GetInt64() == 0;
        }, TimeSpan.FromSeconds(90));
        var reported = await _store.Scalar("SELECT count(*) FROM {schema}.mt_events WHERE type = 'value_reported'");
        var points = await _store.Influx.Rows("SELECT count(revision) FROM indicator_revision WHERE kind = 'reported'");
        points.Single()["count"].GetInt64().ShouldBe(reported, "one revision point per report event, none missing");

        // The killed silo, started again on its own ports, rejoins the cluster: a new generation there is Active.
        await using var restarted = await _store.Start(ServerProcess.Clustered, victim.Ports);
        await Wait.Until(async () => (await ClusterAdmin.Silos(survivorAdmin)).Any(s => s.SiloPort == victim.SiloPort && s.Status == "Active"),
            TimeSpan.FromSeconds(30));
        (await ClusterAdmin.Silos(survivorAdmin)).Count(s => s.Status == "Active").ShouldBe(2);
    }
}
