using System.Net;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

public sealed class IndicatorGrainTests : IAsyncLifetime
{
    private const string Indicator = "/api/plans/qingzhou-2024/indicators/KEY-INDUSTRIAL-INVESTMENT";
    private readonly PlanHost _host = new(clock: ManualClock.At(2025, 1, 15));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task State_is_rebuilt_from_the_stream_after_deactivation()
    {
        var client = _host.ClientAs("zhao.min", "gxj");
        await client.PostJson($"{Indicator}/reports", new { reportId = "m5", period = "2024-05", value = 40m, unit = "亿元" });
        await client.PostJson($"{Indicator}/reports", new { reportId = "m6", period = "2024-06", value = 48m, unit = "亿元" });
        await client.PostJson($"{Indicator}/corrections", new { period = "2024-06", value = 47m, unit = "亿元", reason = "剔除重复项目" });
        await _host.ClientAs("qian.jun", "fgj", "reviewer").PostJson($"{Indicator}/verifications", new { period = "2024-05" });
        var before = await client.GetStringAsync($"{Indicator}/figures");

        await _host.DeactivateAllGrains();
        var after = await client.GetStringAsync($"{Indicator}/figures");

        after.ShouldBe(before);
        after.ShouldContain("\"value\":47");
        after.ShouldContain("\"verified\":true");
    }

    [Fact]
    public async Task Parallel_reports_to_one_indicator_lose_nothing_and_duplicate_nothing()
    {
        var client = _host.ClientAs("zhao.min", "gxj");
        // Twelve months, each sent three times at once with the same report id: 36 requests, 12 events.
        var requests = Enumerable.Range(1, 12).SelectMany(month => Enumerable.Repeat(month, 3)).Select(month =>
            client.PostJson($"{Indicator}/reports", new { reportId = $"m{month}", period = $"2024-{month:D2}", value = 7.5m * month, unit = "亿元" }));

        var responses = await Task.WhenAll(requests);

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(12);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(24);
        var reported = (await _host.Events("qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT")).Select(e => e.Data).OfType<ValueReported>().ToList();
        reported.Select(r => r.Period.Index).Order().ShouldBe(Enumerable.Range(1, 12));
        reported.Single(r => r.Period.Index == 12).Value.ShouldBe(90m);
    }

    [Fact]
    public async Task Every_event_names_the_actor_department_and_trace()
    {
        var client = _host.ClientAs("zhao.min", "gxj");
        await client.PostJson($"{Indicator}/reports", new { reportId = "m3", period = "2024-03", value = 20m, unit = "亿元" });

        var @event = (await _host.Events("qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT"))[^1];
        var reported = @event.Data.ShouldBeOfType<ValueReported>();
        reported.Actor.User.ShouldBe("zhao.min");
        reported.Actor.Department.ShouldBe("gxj");
        reported.Actor.CorrelationId.ShouldNotBeNullOrEmpty();
        @event.CorrelationId.ShouldBe(reported.Actor.CorrelationId);
    }
    [Fact]
    public async Task A_compatible_unit_is_normalised_and_the_normalisation_recorded()
    {
        var response = await _host.ClientAs("li.wei", "gxj").PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "jun", period = "2024-06", value = 142000m, unit = "万元" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var reported = (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT"))[^1].Data.ShouldBeOfType<Domain.Indicators.ValueReported>();
        (reported.Value, reported.ReceivedValue, reported.ReceivedUnit).ShouldBe((14.2m, 142000m, "万元"));
    }
}
