using System.Net;
using OpenQA.Selenium;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Dashboard;

/// <summary>
/// A plan that changes without pause is still redrawn while it changes: changes that arrive together are drawn
/// together, not put off until they stop. (A redraw that waited for a tenth of a second of quiet never came while
/// the plan changed every few milliseconds: the benchmark's page redrew 1.1 s after an acknowledgement at 80 % load.)
/// </summary>
public sealed class BusyPlanPageTests
{
    [Fact]
    public async Task The_overview_is_redrawn_before_a_stream_of_corrections_ends()
    {
        await using var host = new PlanHost(clock: ManualClock.At(2024, 6, 5), kestrel: true,
            overrides: new Dictionary<string, string?> { ["Dashboard:DevSignIn"] = "true" });
        var gxj = host.ClientAs("li.wei", "gxj");
        (await gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "busy-5", period = "2024-05", value = 12m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var browser = new Browser(host.BaseUrl);
        browser.SignIn("zhou.viewer", "tjj", "viewer");
        browser.Until(d => d.FindElements(By.CssSelector("#chapters tr")).Count > 5, TimeSpan.FromSeconds(10));
        browser.Until(d => d.FindElement(By.Id("live")).GetAttribute("class")!.Contains("on"), TimeSpan.FromSeconds(10));
        ((IJavaScriptExecutor)browser.Driver_).ExecuteScript(
            "window.__redraws = []; new MutationObserver(() => window.__redraws.push(Date.now())).observe(document.getElementById('main'), { childList: true });");

        // One correction after another, as fast as the server answers: the feed brings a change every few milliseconds.
        var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 1; i <= 100; i++)
            (await gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/corrections",
                new { period = "2024-05", value = 12m + i / 100m, unit = "亿元", reason = $"第{i}次核对" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var last = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var redraws = (((IJavaScriptExecutor)browser.Driver_).ExecuteScript("return window.__redraws;") as IReadOnlyCollection<object?> ?? [])
            .Select(Convert.ToInt64).ToList();
        redraws.ShouldContain(at => at > first && at < last,
            $"no redraw during the {last - first} ms of corrections (redraws at {string.Join(", ", redraws.Select(r => r - first))} ms from the first)");
    }
}
