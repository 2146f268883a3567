using System.Net;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// A grain's append carries what the grain holds — its read model and its chain's head — and the inline
/// projections extend those rather than read the stored ones back, unless they are not at the version the
/// events follow.
/// </summary>
public sealed class HeldDocumentsTests : IAsyncLifetime
{
    private const string Stream = "qingzhou-2024/LOCAL-PROCUREMENT";
    private const string Reports = "/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports";
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 7, 12));

    public Task InitializeAsync()
    {
        _host.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(IndicatorDocument Document, StreamSeal Seal)> Stored()
    {
        await using var session = _host.Store.QuerySession();
        return ((await session.LoadAsync<IndicatorDocument>(Stream))!, (await SealLinks.Load(session, [Stream], CancellationToken.None)).Single());
    }

    private async Task<ChainHead> Head(string stream)
    {
        await using var session = _host.Store.QuerySession();
        return (await SealLinks.Heads(session, [stream], CancellationToken.None))[stream];
    }

    private async Task SetHash(string stream, long version, string hash)
    {
        await using var session = _host.Store.LightweightSession();
        session.QueueSqlCommand($"update {_host.Schema}.{SealLinks.TableName} set hash = ? where stream_id = ? and version = ?", hash, stream, version);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task A_grains_report_extends_the_documents_it_holds_not_those_read_back()
    {
        var client = _host.ClientAs("li.wei", "gxj");
        var (stale, _) = await Stored();
        (await client.PostJson(Reports, new { reportId = "may", period = "2024-05", value = 12m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var head = await Head(Stream);

        // The stored read model falls back to before May's figure and the stored head of the chain is garbled; the
        // grain still holds both as they were.
        await using (var session = _host.Store.LightweightSession())
        {
            session.Store(stale);
            await session.SaveChangesAsync();
        }
        await SetHash(Stream, head.Version, new string('f', 64));
        (await client.PostJson(Reports, new { reportId = "june", period = "2024-06", value = 13m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var events = await _host.Events(Stream);
        var (document, seal) = await Stored();
        document.State.Version.ShouldBe(events.Count);
        document.State.Figures.Keys.ShouldBe([Period.Month(2024, 5), Period.Month(2024, 6)]);
        seal.Links[^1].ShouldBe(StreamSealProjection.Link(head.Hash, Stream, events[^1]));
        await SetHash(Stream, head.Version, head.Hash);
        await Intact();
    }

    private static Commit Report(string stream, long version, Period period, decimal value, string id, HeldStream? held)
    {
        var actor = new ActedBy("li.wei", "gxj", $"trace-{id}");
        return Commit.One(Operations.ReportValue, actor, new StreamAppend(stream, version, [new ValueReported(period, value, id, value, "亿元", null, null, actor)], held));
    }

    private Appender Appender => _host.Services.GetRequiredService<Appender>();

    private async Task Intact()
    {
        var verification = await (await _host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }

    [Fact]
    public async Task Documents_held_for_another_version_than_the_streams_are_read_back_instead()
    {
        var client = _host.ClientAs("li.wei", "gxj");
        var (stale, _) = await Stored();
        var staleHead = await Head(Stream);
        (await client.PostJson(Reports, new { reportId = "may", period = "2024-05", value = 12m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var version = (await _host.Events(Stream)).Count;

        // The right expected version, with a read model and a head one event behind it: extended, they would lose
        // May's figure and chain June to the wrong link.
        var results = await Appender.CommitTogether([Report(Stream, version, Period.Month(2024, 6), 13m, "june", new HeldStream(stale, staleHead))]);
        await results[0];

        var events = await _host.Events(Stream);
        var (document, seal) = await Stored();
        document.State.Version.ShouldBe(events.Count);
        document.State.Figures.Keys.ShouldBe([Period.Month(2024, 5), Period.Month(2024, 6)]);
        seal.Links.Select(l => l.Version).ShouldBe(events.Select(e => e.Version));
        await Intact();
    }

    [Fact]
    public async Task A_grain_whose_stream_another_writer_appended_to_reloads_and_extends_the_new_documents()
    {
        var client = _host.ClientAs("li.wei", "gxj");
        (await client.PostJson(Reports, new { reportId = "may", period = "2024-05", value = 12m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        // A writer that holds nothing (as a form's commit) appends behind the live grain's back.
        var version = (await _host.Events(Stream)).Count;
        await (await Appender.CommitTogether([Report(Stream, version, Period.Month(2024, 4), 10m, "april", null)]))[0];

        (await client.PostJson(Reports, new { reportId = "june", period = "2024-06", value = 13m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var events = await _host.Events(Stream);
        var (document, seal) = await Stored();
        document.State.Version.ShouldBe(events.Count);
        document.State.Figures.Keys.ShouldBe([Period.Month(2024, 4), Period.Month(2024, 5), Period.Month(2024, 6)]);
        seal.Links.Select(l => l.Version).ShouldBe(events.Select(e => e.Version));
        await Intact();
    }

    [Fact]
    public async Task When_one_held_append_of_a_group_conflicts_the_others_commit_alone_with_their_documents()
    {
        string[] items = [Stream, "qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT", "qingzhou-2024/NEW-LOANS"];
        var appends = new List<Commit>();
        var heads = new List<ChainHead>();
        await using (var session = _host.Store.QuerySession())
            foreach (var item in items)
            {
                var version = (await _host.Events(item)).Count;
                var stale = item == items[1];
                heads.Add(await Head(item));
                appends.Add(Report(item, stale ? version - 1 : version, Period.Month(2024, 6), 13m, $"group-{appends.Count}",
                    new HeldStream(await session.LoadAsync<IndicatorDocument>(item), heads[^1])));
            }

        var results = await Appender.CommitTogether(appends);

        await Should.ThrowAsync<ConcurrencyException>(() => results[1]);
        foreach (var i in new[] { 0, 2 })
        {
            var committed = (await results[i]).ShouldHaveSingleItem();
            var events = await _host.Events(items[i]);
            // The head a grain computes from what came back is the head the chain's projection stored.
            var next = heads[i].After(items[i], committed.Events);
            next.ShouldBe(await Head(items[i]));
            next.Version.ShouldBe(events.Count);
            await using var session = _host.Store.QuerySession();
            (await session.LoadAsync<IndicatorDocument>(items[i]))!.State.Figures.Keys.ShouldBe([Period.Month(2024, 6)]);
        }
        await Intact();
    }

    [Fact]
    public async Task A_chain_that_already_has_a_link_where_the_next_belongs_fails_that_append_alone()
    {
        string[] items = [Stream, "qingzhou-2024/NEW-LOANS"];
        var appends = new List<Commit>();
        await using (var session = _host.Store.QuerySession())
            foreach (var item in items)
                appends.Add(Report(item, (await _host.Events(item)).Count, Period.Month(2024, 6), 13m, $"orphan-{appends.Count}",
                    new HeldStream(await session.LoadAsync<IndicatorDocument>(item), await Head(item))));
        // A link left behind at the version the first item's report will take (its events cut, its rows not).
        await using (var session = _host.Store.LightweightSession())
        {
            session.QueueSqlCommand($"insert into {_host.Schema}.{SealLinks.TableName} values (?, ?, 0, 'value_reported', ?, 2)",
                Stream, appends[0].Streams[0].Version + 1, new string('e', 64));
            await session.SaveChangesAsync();
        }

        var results = await Appender.CommitTogether(appends);

        SealLinks.IsCollision(await Should.ThrowAsync<Exception>(() => results[0])).ShouldBeTrue();
        (await results[1]).ShouldHaveSingleItem().Events.ShouldHaveSingleItem();
        (await _host.Events(items[1])).Count.ShouldBe((int)appends[1].Streams[0].Version + 1);
    }
}
