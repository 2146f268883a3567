using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Infrastructure;

/// <summary>
/// An anonymous caller gets the verdict from a recent check, not a check of its own each time; a signed-in
/// operator gets a fresh one, with the parts.
/// </summary>
public sealed class HealthTests : IAsyncLifetime
{
    private readonly Counted _probe = new();
    private readonly PlanHost _host;

    // A verdict kept for an hour, so the count below depends on no timing.
    public HealthTests() => _host = new PlanHost(overrides: new Dictionary<string, string?> { ["Health:AnonymousSeconds"] = "3600" },
        services: s => s.AddHealthChecks().AddCheck("counted", _probe));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Anonymous_calls_share_a_recent_check_and_an_operator_gets_a_fresh_one()
    {
        var anonymous = _host.CreateClient();
        (await anonymous.GetAsync("/health")).EnsureSuccessStatusCode();
        var first = _probe.Count;

        for (var i = 0; i < 20; i++)
            (await (await anonymous.GetAsync("/health")).Json()).TryGetProperty("parts", out _).ShouldBeFalse();
        _probe.Count.ShouldBe(first);

        var operatorClient = _host.ClientAs("zhang.admin", "fgj", "admin");
        var before = _probe.Count;
        for (var i = 0; i < 3; i++)
            (await (await operatorClient.GetAsync("/health")).Json()).GetProperty("parts").TryGetProperty("counted", out _).ShouldBeTrue();
        (_probe.Count - before).ShouldBe(3);
    }

    private sealed class Counted : IHealthCheck
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }
}
