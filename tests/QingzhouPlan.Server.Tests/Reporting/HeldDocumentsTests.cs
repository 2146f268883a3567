using System.Net;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Reporting;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Reporting;

/// <summary>
/// A grain's append carries the documents the grain holds — its read model and seal — and the inline
/// projections extend those rather than read the stored ones back; held documents that do not match the
/// stream's version store nothing.
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
        return ((await session.LoadAsync<IndicatorDocument>(Stream))!, (await session.LoadAsync<StreamSeal>(Stream))!);
    }

    private async Task Overwrite(IndicatorDocument document, StreamSeal seal)
    {
        await using var session = _host.Store.LightweightSession();
        session.Store(document);
        session.Store(seal);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task A_grains_report_extends_the_documents_it_holds_not_those_read_back()
    {
        var client = _host.ClientAs("li.wei", "gxj");
        var (stale, staleSeal) = await Stored();
        (await client.PostJson(Reports, new { reportId = "may", period = "2024-05", value = 12m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The stored documents fall back to before May's figure; the grain still holds them with it.
        await Overwrite(stale, staleSeal);
        (await client.PostJson(Reports, new { reportId = "june", period = "2024-06", value = 13m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var events = await _host.Events(Stream);
        var (document, seal) = await Stored();
        document.State.Version.ShouldBe(events.Count);
        document.State.Figures.Keys.ShouldBe([Period.Month(2024, 5), Period.Month(2024, 6)]);
        seal.Links.Select(l => l.Version).ShouldBe(events.Select(e => e.Version));
        var verification = await (await _host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }

    [Fact]
    public async Task Documents_held_for_a_version_the_stream_has_left_store_nothing()
    {
        var (document, seal) = await Stored();
        var version = (await _host.Events(Stream)).Count;
        var bogus = document with { State = document.State with { Figures = document.State.Figures.SetItem(Period.Month(2024, 1), new Figure(99m, "bogus", default, default, false)) } };
        var actor = new ActedBy("li.wei", "gxj", "trace-stale");
        var stale = new StreamAppend(Stream, version - 1,
            [new ValueReported(Period.Month(2024, 6), 13m, "stale", 13m, "亿元", null, null, actor)], actor, null, [bogus, seal with { Links = [] }]);

        var results = await _host.Services.GetRequiredService<GroupCommit>().CommitTogether([stale]);

        await Should.ThrowAsync<ConcurrencyException>(() => results[0]);
        var (after, afterSeal) = await Stored();
        after.State.Figures.ShouldBeEmpty();
        after.State.Version.ShouldBe(version);
        afterSeal.Links.Count.ShouldBe(version);
    }
}
