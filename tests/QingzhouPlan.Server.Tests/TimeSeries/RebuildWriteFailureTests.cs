using System.Net;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Server.Tests.Support;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// InfluxDB fails a write of the points a rebuild held back and let go, well into the replay (streams let go then
/// began pages earlier): the rebuild waits it out, as the subscription does, and InfluxDB still ends as the event
/// store implies and as the subscription had left it.
/// </summary>
public sealed class RebuildWriteFailureTests : IAsyncLifetime
{
    private readonly FailingOnce _influx = new(10);
    private readonly PlanHost _host;

    public RebuildWriteFailureTests() =>
        _host = new PlanHost(
            overrides: new Dictionary<string, string?> { ["TimeSeries:RebuildPageSize"] = "7" },
            clock: ManualClock.At(2024, 8, 20),
            services: services => services.AddSingleton<ITimeSeriesWriter>(sp => _influx.Around(sp.GetRequiredService<InfluxV1Writer>())));

    public Task InitializeAsync() => Workload.MonthsAndChangesProjected(_host);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_failed_write_of_held_points_is_waited_out_and_nothing_is_missing()
    {
        var live = await _host.Influx.Everything();
        var admin = _host.ClientAs("admin.user", "fgj", "admin");

        _influx.Armed = true;
        (await admin.PostAsync("/api/admin/projections/influx/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Wait.Until(async () => (await (await admin.GetAsync("/api/admin/projections/influx")).Json()).GetProperty("state").GetString() == "done",
            TimeSpan.FromSeconds(60));
        await _host.WaitForProjections();

        _influx.Failed.ShouldBe(1);
        (await _host.Influx.Everything()).ShouldBe(live);
        (await ProjectionOracle.Read(_host.Influx)).ShouldEqual(await ProjectionOracle.From(_host.Store));
    }

    /// <summary>Fails, once armed, the nth write that carries actual points: in a rebuild, held points let go.</summary>
    private sealed class FailingOnce(int nth)
    {
        private int _seen;
        private int _failed;

        public volatile bool Armed;

        public int Failed => Volatile.Read(ref _failed);

        private int Nth => nth;

        public ITimeSeriesWriter Around(ITimeSeriesWriter inner) => new Writer(inner, this);

        private sealed class Writer(ITimeSeriesWriter inner, FailingOnce control) : ITimeSeriesWriter
        {
            public Task EnsureReadyAsync(CancellationToken cancellationToken) => inner.EnsureReadyAsync(cancellationToken);

            public Task DropAllAsync(CancellationToken cancellationToken) => inner.DropAllAsync(cancellationToken);

            public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

            public Task ApplyAsync(IReadOnlyList<SeriesChange> changes, CancellationToken cancellationToken)
            {
                if (control.Armed && changes.Any(c => c is SeriesChange.Write { Measurement: IndicatorPoints.Actual })
                    && Interlocked.Increment(ref control._seen) == control.Nth)
                {
                    control.Armed = false;
                    Interlocked.Increment(ref control._failed);
                    throw new HttpRequestException("InfluxDB answered 503 (injected)", null, HttpStatusCode.ServiceUnavailable);
                }
                return inner.ApplyAsync(changes, cancellationToken);
            }
        }
    }
}
