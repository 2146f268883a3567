using System.Net;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>
/// Deadlines that act, on a simulated clock, and the plan's change feed as a page reads it. The department's
/// reminder calls <see cref="IDepartmentGrain.CheckDeadlines"/>; the test calls it at chosen instants.
/// </summary>
public sealed class DeadlineAndFeedTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly ManualClock _clock = ManualClock.At(2024, 6, 5);
    private readonly PlanHost _host;

    public DeadlineAndFeedTests() => _host = new PlanHost(clock: _clock);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IDepartmentGrain Gxj => _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IDepartmentGrain>(PlanKeys.Department("qingzhou-2024", "gxj"));

    [Fact]
    public async Task A_missing_June_report_is_reminded_urged_and_notified_then_closed_by_the_late_report()
    {
        var reporter = _host.ClientAs("li.wei", "gxj");
        foreach (var month in Enumerable.Range(1, 5))
            (await reporter.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports",
                new { reportId = $"m{month}", period = $"2024-{month:D2}", value = month * 2m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        _clock.Set(2024, 7, 8);
        await Gxj.CheckDeadlines();
        (await Stage("2024-06")).ShouldBe("Reminder");
        _clock.Set(2024, 7, 12);
        await Gxj.CheckDeadlines();
        (await Stage("2024-06")).ShouldBe("Urge");
        var urged = await Gxj.CheckDeadlines();
        urged.ShouldBe(0, "a second check at the same stage raises nothing");
        _clock.Set(2024, 7, 17);
        await Gxj.CheckDeadlines();
        (await Stage("2024-06")).ShouldBe("Notice");

        var history = await History();
        history.Where(h => h.Change.StartsWith("提醒") || h.Change.StartsWith("催报") || h.Change.StartsWith("通报"))
            .Where(h => h.Period == "2024-06").Select(h => h.Change[..2]).ShouldBe(["提醒", "催报", "通报"]);

        _clock.Set(2024, 7, 18);
        (await reporter.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "m6", period = "2024-06", value = 13m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Stage("2024-06")).ShouldBeNull();
        (await Line("2024-06")).GetProperty("state").GetString().ShouldBe("ReportedLate");
    }

    [Fact]
    public async Task An_open_change_feed_receives_a_committed_report_and_a_reconnecting_page_catches_up()
    {
        _clock.Set(2024, 7, 3);
        var viewer = _host.Viewer();
        viewer.Timeout = TimeSpan.FromSeconds(30);
        using var response = await viewer.GetAsync($"{Plan}/changes", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await NextEvent(reader)).Name.ShouldBe("ready");
        var auditor = _host.ClientAs("he.audit", "sjj", "auditor");
        auditor.Timeout = TimeSpan.FromSeconds(30);
        using var audited = await auditor.GetAsync($"{Plan}/changes", HttpCompletionOption.ResponseHeadersRead);
        using var auditorReader = new StreamReader(await audited.Content.ReadAsStreamAsync());
        (await NextEvent(auditorReader)).Name.ShouldBe("ready");
        // The server is in this process: a full collection here is what a busy server does sooner or later.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        (await _host.ClientAs("li.wei", "gxj").PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "feed-1", period = "2024-06", value = 14m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var change = await NextEvent(reader);
        change.Name.ShouldBe("change");
        change.Data.ShouldContain("\"code\":\"LOCAL-PROCUREMENT\"");
        // Who made it is for those who read histories: the viewer is not told, the auditor is.
        change.Data.ShouldContain("\"user\":\"\"");
        (await NextEvent(auditorReader)).Data.ShouldContain("\"user\":\"li.wei\"");

        // A page that saw nothing after "ready" reconnects with the id of the change before: it gets the change again.
        var epoch = change.Id!.Split(':')[0];
        using var again = await viewer.GetAsync($"{Plan}/changes?after={epoch}:0", HttpCompletionOption.ResponseHeadersRead);
        using var replay = new StreamReader(await again.Content.ReadAsStreamAsync());
        (await NextEvent(replay)).Name.ShouldBe("ready");
        (await NextEvent(replay)).Id.ShouldBe(change.Id);

        // A page that saw another epoch (the server restarted since) is told to reload, and then gets what follows,
        // however high the numbers it saw before.
        using var stale = await viewer.GetAsync($"{Plan}/changes?after=1:500", HttpCompletionOption.ResponseHeadersRead);
        using var reset = new StreamReader(await stale.Content.ReadAsStreamAsync());
        (await NextEvent(reset)).Name.ShouldBe("reset");
        (await NextEvent(reset)).Name.ShouldBe("ready");
        (await _host.ClientAs("li.wei", "gxj").PostJson($"{Plan}/indicators/KEY-INDUSTRIAL-INVESTMENT/reports",
            new { reportId = "feed-2", period = "2024-06", value = 45m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await NextEvent(reset)).Data.ShouldContain("\"code\":\"KEY-INDUSTRIAL-INVESTMENT\"");
    }

    private async Task<string?> Stage(string period) =>
        (await Line(period)).GetProperty("escalation") is { ValueKind: System.Text.Json.JsonValueKind.String } s ? s.GetString() : null;

    private async Task<System.Text.Json.JsonElement> Line(string period) =>
        (await (await _host.Viewer().GetAsync($"{Plan}/departments/gxj/calendar")).Json()).EnumerateArray()
            .Single(c => c.GetProperty("indicator").GetString() == "LOCAL-PROCUREMENT" && c.GetProperty("period").GetString() == period);

    private async Task<List<(string Change, string? Period)>> History() =>
        (await (await _host.ClientAs("he.audit", "sjj", "auditor").GetAsync($"{Plan}/indicators/LOCAL-PROCUREMENT/history")).Json())
            .GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("change").GetString()!, e.GetProperty("period").GetString())).ToList();

    /// <summary>The next server-sent event (heartbeat comments skipped), or a failure after 30 s.</summary>
    private static async Task<(string Name, string Data, string? Id)> NextEvent(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? name = null, data = null, id = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.Length == 0 && name is not null)
                return (name, data ?? "", id);
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line[6..];
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
                id = line[4..];
        }
    }
}
