using Marten;
using Marten.Services;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// A large commit (a 10,000-row form, a big plan's loading) takes its sequence numbers first and writes its
/// events seconds later, after the inline documents are built. Other commits land after it meanwhile. The
/// projection must wait for the gap to fill rather than give it up: in a benchmark, Marten's daemon skipped the
/// sequence numbers of a 10,000-row form after its default 3 s and none of those figures ever reached InfluxDB.
/// </summary>
public sealed class LongTransactionTests : IAsyncLifetime
{
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 8, 20));

    public async Task InitializeAsync() => await _host.WaitForProjections();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Events_of_a_commit_slower_than_the_daemons_patience_still_reach_InfluxDB()
    {
        var reserved = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new SessionOptions();
        options.Listeners.Add(new HoldBeforeWriting(reserved, release));
        await using var slow = _host.Store.LightweightSession(options);
        slow.Events.Append("qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT", new ValueReported(
            Period.Parse("2024-07"), 52.5m, "slow-commit", 52.5m, "亿元", null, null, new ActedBy("zhao.min", "gxj", "slow-commit")));
        var held = slow.SaveChangesAsync();
        // Its sequence number is taken; its events are not written yet.
        var sequence = await reserved.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // A report committed after it, through the API.
        var gxj = _host.ClientAs("zhao.min", "gxj");
        (await gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "after-the-slow-one", period = "2024-07", value = 17.5m, unit = "亿元" })).EnsureSuccessStatusCode();
        // The slow commit stays open until the projection has gone past its sequence number (as it did when it gave
        // up the gap), or for 10 s, more than three times the daemon's default patience.
        var wentPast = await Wait.Whether(async () => await Projected() >= sequence, TimeSpan.FromSeconds(10));
        release.SetResult();
        await held;

        await _host.WaitForProjections(TimeSpan.FromSeconds(90));
        wentPast.ShouldBeFalse("the projection went past a gap that was still to be filled");
        (await Actual("KEY-INDUSTRIAL-INVESTMENT")).ShouldBe([52.5m], "the slow commit's figure");
        (await Actual("LOCAL-PROCUREMENT")).ShouldBe([17.5m], "the report committed after it");
    }

    private async Task<long> Projected() =>
        (await _host.Store.Advanced.AllProjectionProgress()).SingleOrDefault(p => p.ShardName == "influx:All")?.Sequence ?? 0;

    private async Task<IReadOnlyList<decimal>> Actual(string indicator) =>
        (await _host.Influx.Rows($"SELECT value FROM indicator_actual WHERE indicator = '{indicator}' AND period = '2024-07'"))
        .Select(r => r["value"].GetDecimal()).ToList();

    /// <summary>Marten calls listeners after the events' sequence numbers are taken and before anything is written.</summary>
    private sealed class HoldBeforeWriting(TaskCompletionSource<long> reserved, TaskCompletionSource release) : DocumentSessionListenerBase
    {
        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            reserved.TrySetResult(session.PendingChanges.Streams().SelectMany(s => s.Events).Max(e => e.Sequence));
            await release.Task;
        }
    }
}
