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
            var bounds = await snapshots.Around(await reader.StreamKeys(Plan, default), at.ToUniversalTime(), default);
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
        var reader = _host.Services.GetRequiredService<PlanEventReader>();
        var snapshots = _host.Services.GetRequiredService<ItemSnapshots>();
        var at = new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.FromHours(8));
        var before = await snapshots.Around(await reader.StreamKeys(Plan, default), at, default);
        before.Start.Count.ShouldBeGreaterThan(0);
        var table = _host.Store.Options.FindOrResolveDocumentType(typeof(SnapshotDocument)).TableName.QualifiedName;
        // As rows stored before the columns existed look: the document alone, the columns empty.
        await using (var session = _host.Store.LightweightSession())
        {
            session.QueueSqlCommand($"update {table} set stream = null, version = null, known_by = null");
            await session.SaveChangesAsync();
        }
        (await snapshots.Around(await reader.StreamKeys(Plan, default), at, default)).Start.ShouldBeEmpty();

        await _host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SnapshotColumns>().Single().StartAsync(default);

        var after = await snapshots.Around(await reader.StreamKeys(Plan, default), at, default);
        after.Start.Select(c => $"{c.Key}@{c.Value.Version}").Order().ShouldBe(before.Start.Select(c => $"{c.Key}@{c.Value.Version}").Order());
        after.Until.ShouldBe(before.Until, ignoreOrder: true);
    }

    [Fact]
    public async Task A_snapshot_altered_behind_the_systems_back_is_named_by_verification()
    {
        var auditor = _host.ClientAs("he.audit", "sjj", "auditor");
        var first = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        first.GetProperty("intact").GetBoolean().ShouldBeTrue(first.ToString());

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

    [Fact]
    public async Task Snapshot_columns_changed_behind_the_systems_back_leave_every_report_as_it_was_and_are_named_by_verification()
    {
        var reader = _host.Services.GetRequiredService<PlanEventReader>();
        DateTimeOffset[] instants = [new(2024, 3, 15, 12, 0, 0, TimeSpan.FromHours(8)), new(2024, 7, 1, 0, 0, 0, TimeSpan.FromHours(8)),
            new(2024, 10, 10, 12, 0, 0, TimeSpan.FromHours(8)), new(2025, 1, 31, 0, 0, 0, TimeSpan.FromHours(8))];
        var before = new List<string>();
        foreach (var at in instants)
            before.Add(JsonSerializer.Serialize(await reader.ReportAt(Plan, Period.Parse("2024-06"), at, default)));

        // What the columns say about each snapshot, changed as one UPDATE each would: snapshots seeming known long
        // before they were (a report would start from a state it could not yet have known), and snapshots seeming to
        // hold only the first event and to be known only later (a report would stop reading before figures it knew).
        var table = _host.Store.Options.FindOrResolveDocumentType(typeof(SnapshotDocument)).TableName.QualifiedName;
        await using (var session = _host.Store.LightweightSession())
        {
            session.QueueSqlCommand($"update {table} set known_by = '2000-01-01' where version % 32 = 16");
            session.QueueSqlCommand($"update {table} set id = stream || '@' || version || 'x', version = 1, known_by = '2100-01-01' where version % 32 = 0");
            await session.SaveChangesAsync();
        }

        for (var i = 0; i < instants.Length; i++)
            JsonSerializer.Serialize(await reader.ReportAt(Plan, Period.Parse("2024-06"), instants[i], default)).ShouldBe(before[i], $"as of {instants[i]:O}");
        var verification = await (await _host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeFalse();
        verification.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("kind").GetString() == "snapshot").ShouldBeGreaterThan(2);
    }
}
