using System.Net;
using Microsoft.Extensions.Configuration;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests;

/// <summary>HTTP → grain → Marten → async daemon → InfluxDB, against the real services.</summary>
public sealed class WalkingSkeletonTests : IAsyncLifetime
{
    private readonly PlanHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Health_reports_postgres_influxdb_and_orleans_separately_to_a_signed_in_caller_and_the_verdict_to_anyone()
    {
        var response = await _host.Viewer().GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var parts = (await response.Json()).GetProperty("parts");
        foreach (var part in new[] { "postgres", "influxdb", "orleans" })
            parts.GetProperty(part).GetProperty("status").GetString().ShouldBe("Healthy", part);

        var anonymous = await (await _host.CreateClient().GetAsync("/health")).Json();
        anonymous.GetProperty("status").GetString().ShouldBe("Healthy");
        anonymous.TryGetProperty("parts", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short-key")]
    [InlineData(global::QingzhouPlan.Server.Access.AuthOptions.LocalDevelopmentKey)]
    [InlineData("replace-with-a-secret-of-at-least-32-characters")]
    public void Outside_development_the_server_refuses_to_start_with_a_public_short_or_placeholder_key(string? key)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = key }).Build();
        global::QingzhouPlan.Server.Access.AuthOptions.WeakKeyProblem(configuration).ShouldNotBeNull();
        // Not disposed: a host that never started has nothing to clean up, and disposing it would start it.
        var host = new PlanHost(overrides: new Dictionary<string, string?> { ["Auth:SigningKey"] = key ?? global::QingzhouPlan.Server.Access.AuthOptions.LocalDevelopmentKey });
        Should.Throw<InvalidOperationException>(() => host.CreateClient()).Message.ShouldContain("Auth:SigningKey");
    }

    [Fact]
    public async Task A_reported_value_is_committed_and_then_queryable_in_influxdb()
    {
        var client = _host.ClientAs("sun.li", "tjj");

        var response = await client.PostJson("/api/plans/qingzhou-2024/indicators/GDP/reports",
            new { reportId = "skeleton-1", period = "2024-Q1", value = 5.8m, unit = "%" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var version = (await response.Json()).GetProperty("version").GetInt64();
        await using (var session = _host.Store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync("qingzhou-2024/GDP");
            events.Count.ShouldBe((int)version);
            events[^1].Data.ShouldBeOfType<Domain.Indicators.ValueReported>().Value.ShouldBe(5.8m);
        }

        await _host.WaitForProjections();
        var rows = await _host.Influx.Rows("SELECT value, revision FROM indicator_actual WHERE indicator = 'GDP'");
        rows.Count.ShouldBe(1);
        rows[0]["value"].GetDecimal().ShouldBe(5.8m);
        rows[0]["revision"].GetInt64().ShouldBe(version);
        // Time is the instant 2024-Q1 ends in Beijing: 2024-04-01T00:00+08:00.
        rows[0]["time"].GetInt64().ShouldBe(new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds());
    }
}
