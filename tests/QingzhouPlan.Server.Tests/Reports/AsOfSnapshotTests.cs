using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Demo;
using QingzhouPlan.Server.Reports;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Reports;

/// <summary>
/// A year whose every figure is revised many times, so items pass several snapshots: a report folded from
/// snapshots is the report folded from every event, at any instant, and snapshots are really used.
/// </summary>
public sealed class AsOfSnapshotTests : IAsyncLifetime
{
    private const string Plan = "qingzhou-2024";
    private readonly ManualClock _clock = ManualClock.At(2024, 1, 12, 9);
    private readonly PlanHost _host;

    public AsOfSnapshotTests() => _host = new PlanHost(clock: _clock);

    public async Task InitializeAsync()
    {
        _host.CreateClient().Dispose();
        await _host.Services.GetRequiredService<ScriptedYear>().RunMany([Plan], _clock.Set, TimeSpan.FromHours(1), revisions: 12);
        _clock.Set(2025, 2, 1);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_report_folded_from_snapshots_is_the_report_folded_from_every_event()
    {
        var reader = _host.Services.GetRequiredService<PlanEventReader>();
        var snapshots = _host.Services.GetRequiredService<ItemSnapshots>();
        await using (var session = _host.Store.QuerySession())
            (await session.Query<SnapshotDocument>().CountAsync(d => d.PlanId == Plan)).ShouldBeGreaterThan(20);

        var random = new Random(7);
        var (used, bounded) = (0, 0);
        for (var i = 0; i < 25; i++)
        {
            var at = new DateTimeOffset(2024, 1, 20, 0, 0, 0, TimeSpan.FromHours(8)).AddMinutes(random.Next(0, 380 * 24 * 60));
            var period = Period.Month(2024, random.Next(1, 13));
            var folded = AsOfReport.Build(Plan, period, at, await reader.KnownAt(Plan, at, default));
            var fromSnapshots = await reader.ReportAt(Plan, period, at, default);
            JsonSerializer.Serialize(fromSnapshots).ShouldBe(JsonSerializer.Serialize(folded), $"as of {at:O}, {period}");
            var bounds = await snapshots.Around(Plan, at.ToUniversalTime(), default);
            await using (var session = _host.Store.QuerySession())
            {
                var all = await session.Query<SnapshotDocument>().Where(d => d.PlanId == Plan).ToListAsync();
                var expected = all.Where(d => d.Snapshot.KnownBy <= at).GroupBy(d => d.Snapshot.Stream)
                    .Select(g => $"{g.Key}@{g.Max(d => d.Snapshot.Version)}").Order(StringComparer.Ordinal);
                bounds.Start.Select(c => $"{c.Key}@{c.Value.Version}").Order(StringComparer.Ordinal)
                    .ShouldBe(expected, $"the latest snapshot of each item known by {at:O}");
                var firstUnknown = all.Where(d => d.Snapshot.KnownBy > at).GroupBy(d => d.Snapshot.Stream)
                    .Select(g => $"{g.Key}@{g.Min(d => d.Snapshot.Version)}").Order(StringComparer.Ordinal);
                bounds.Until.Select(u => $"{u.Key}@{u.Value}").Order(StringComparer.Ordinal)
                    .ShouldBe(firstUnknown, $"the first snapshot of each item not yet known by {at:O}");
                bounded += bounds.Until.Count;
            }
            used += bounds.Start.Count;
        }
        used.ShouldBeGreaterThan(0, "no instant had a snapshot to start from");
        bounded.ShouldBeGreaterThan(0, "no instant had a snapshot to stop at");
    }

    [Fact]
    public async Task Snapshots_stored_before_their_columns_existed_are_found_once_the_columns_are_filled()
    {
        var snapshots = _host.Services.GetRequiredService<ItemSnapshots>();
        var at = new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.FromHours(8));
        var before = await snapshots.Around(Plan, at, default);
        before.Start.Count.ShouldBeGreaterThan(0);
        var table = _host.Store.Options.FindOrResolveDocumentType(typeof(SnapshotDocument)).TableName.QualifiedName;
        // As rows stored before the columns existed look: the document alone, the columns empty.
        await using (var session = _host.Store.LightweightSession())
        {
            session.QueueSqlCommand($"update {table} set stream = null, version = null, known_by = null");
            await session.SaveChangesAsync();
        }
        (await snapshots.Around(Plan, at, default)).Start.ShouldBeEmpty();

        await _host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SnapshotColumns>().Single().StartAsync(default);

        var after = await snapshots.Around(Plan, at, default);
        after.Start.Select(c => $"{c.Key}@{c.Value.Version}").Order().ShouldBe(before.Start.Select(c => $"{c.Key}@{c.Value.Version}").Order());
        after.Until.ShouldBe(before.Until, ignoreOrder: true);
    }

    [Fact]
    public async Task A_snapshot_altered_behind_the_systems_back_is_named_by_verification()
    {
        var auditor = _host.ClientAs("he.audit", "sjj", "auditor");
        (await (await auditor.PostAsync("/api/audit/verify", null)).Json()).GetProperty("intact").GetBoolean().ShouldBeTrue();

        await using (var session = _host.Store.LightweightSession())
        {
            var kept = await session.Query<SnapshotDocument>().Where(d => d.PlanId == Plan && d.Snapshot.Indicator != null).FirstAsync();
            // A figure of the snapshot's state changed, as an UPDATE on its row would.
            var state = kept.Snapshot.Indicator!;
            var (period, figure) = state.Figures.First();
            session.Store(kept with { Snapshot = kept.Snapshot with { Indicator = state with { Figures = state.Figures.SetItem(period, figure with { Value = figure.Value + 1 }) } } });
            await session.SaveChangesAsync();
        }

        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeFalse();
        verification.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("kind").GetString() == "snapshot");
    }
}
