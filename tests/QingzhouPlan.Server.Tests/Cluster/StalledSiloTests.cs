using System.Diagnostics;
using QingzhouPlan.Server.Tests.Support;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Cluster;

/// <summary>
/// A silo that stalls rather than dies (SIGSTOP: a long pause, a frozen VM) while reports are in flight on it.
/// The cluster declares it dead and its items move to the other silo, which takes reports for them. When the
/// stalled silo wakes, its old activations still believe they own those items, and the requests it was holding
/// carry on. Expected versions are the fence: a write decided on a stale state fails at the commit, is decided
/// again on the stored one, and nothing is written twice or lost. The silo then finds itself declared dead and
/// ends itself.
/// </summary>
[Collection(WholeProcesses.Name)]
public sealed class StalledSiloTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Plan = "qingzhou-2024";
    private readonly ProcessStore _store = new("stall");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_stalled_silo_that_wakes_after_being_declared_dead_writes_nothing_twice_and_loses_nothing_acknowledged()
    {
        await using var first = await _store.Start(ServerProcess.Clustered);
        await using var second = await _store.Start(ServerProcess.Clustered);
        ServerProcess[] silos = [first, second];
        using var admin = first.ClientAs("stall.admin", "fgj", "admin");
        await ClusterAdmin.UntilActive(admin, 2);

        // Each indicator's last period is kept back for the other silo to write while the stalled one sleeps.
        var all = await ReportSlot.For(first, Plan);
        var probes = all.GroupBy(s => s.Code).Select(g => g.Last()).ToList();
        var load = new ClusterLoad(silos, all.Except(probes), clients: 8, enough: 40, user: "stall");
        await load.Enough(TimeSpan.FromSeconds(60));
        var busiest = (await ClusterAdmin.Silos(admin)).Where(s => s.Status == "Active").MaxBy(s => s.Activations)!;
        var stalled = silos.Single(s => s.SiloPort == busiest.SiloPort);
        var other = silos.Single(s => s != stalled);
        load.Left.ShouldBeGreaterThan(0, "the workers ran out of reports before the stall");
        load.Disrupt(stalled);
        var sincePause = Stopwatch.StartNew();
        await stalled.Pause();

        var written = await Failover.EveryItemWritable(other, probes, TimeSpan.FromSeconds(60));
        output.WriteLine($"{busiest.Activations} activations stalled; all {written.Count} indicators writable through the other silo after {sincePause.Elapsed.TotalSeconds:0.0} s");

        await stalled.Resume();
        var ended = await stalled.Exits(TimeSpan.FromSeconds(60));
        await load.Stop();
        output.WriteLine($"{load.Acknowledged.Count} reports acknowledged in all; the stalled silo ended itself: {ended}; " +
            $"{load.DyingErrors} answered with a server error by the stalled silo while it ended itself{(load.FirstDyingError is null ? "" : $", the first: {load.FirstDyingError}")}");
        ended.ShouldBeTrue("a silo that finds itself declared dead ends itself");

        // Nothing written twice: one report event per item and period, and each stream's versions without a gap.
        (await _store.Text(
            "SELECT string_agg(stream_id || ' ' || period, ', ') FROM (SELECT stream_id, data ->> 'Period' AS period FROM {schema}.mt_events WHERE type = 'value_reported' GROUP BY 1, 2 HAVING count(*) > 1) twice"))
            .ShouldBeEmpty("reported twice");
        (await _store.Text(
            "SELECT string_agg(stream_id || ' ' || versions, '; ') FROM (SELECT stream_id, string_agg(version::text, ',' ORDER BY seq_id) AS versions FROM {schema}.mt_events WHERE stream_id LIKE 'qingzhou-2024/%' GROUP BY stream_id HAVING max(version) <> count(*)) gaps"))
            .ShouldBeEmpty("streams whose versions are not 1, 2, 3…");
        var stored = (await _store.Text("SELECT string_agg(data ->> 'ReportId', ',') FROM {schema}.mt_events WHERE type = 'value_reported'")).Split(',').ToHashSet();
        load.Acknowledged.Concat(written).Select(s => $"slot-{s.Code}-{s.Period}").Where(id => !stored.Contains(id)).ShouldBeEmpty("acknowledged, not stored");
        // And the items' grains, wherever they now live, serve what is stored.
        using var viewer = other.ClientAs("stall.viewer", "tjj", "viewer");
        await ReportSlot.ShouldAllStand(viewer, load.Acknowledged.Concat(written));
        using var auditor = other.ClientAs("stall.audit", "sjj", "auditor");
        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }
}
