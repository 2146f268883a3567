using System.Net;
using OpenQA.Selenium;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Dashboard;

/// <summary>
/// An open page outlives the server: the server stops and starts again on the same store and port, and
/// the page reconnects by itself and shows what was reported after the restart, without a reload.
/// </summary>
public sealed class ServerRestartPageTests
{
    [Fact]
    public async Task An_open_page_reconnects_after_a_server_restart_and_shows_the_new_figure()
    {
        var clock = ManualClock.At(2024, 7, 12);
        var settings = new Dictionary<string, string?>
        {
            ["Dashboard:DevSignIn"] = "true",
            // The page's token must stay valid across the restart.
            ["Auth:SigningKey"] = $"restart-key-{Guid.NewGuid():N}-{Guid.NewGuid():N}",
        };
        var first = new PlanHost(clock: clock, kestrel: true, overrides: settings) { DropSchemaOnDispose = false };
        _ = first.Services;
        var (schema, port) = (first.Schema, first.Port!.Value);
        using var browser = new Browser(first.BaseUrl);
        browser.SignIn("zhou.viewer", "tjj", "viewer");
        browser.Open("/#/indicator/KEY-INDUSTRIAL-INVESTMENT");
        browser.Until(d => d.FindElement(By.Id("live")).GetAttribute("class")!.Contains("on"), TimeSpan.FromSeconds(10));

        await first.DisposeAsync();
        browser.Until(d => !d.FindElement(By.Id("live")).GetAttribute("class")!.Contains("on"), TimeSpan.FromSeconds(10));
        await using var second = new PlanHost(schema: schema, clock: clock, kestrel: true, port: port, overrides: settings);
        (await second.ClientAs("li.wei", "gxj").PostJson("/api/plans/qingzhou-2024/indicators/KEY-INDUSTRIAL-INVESTMENT/reports",
            new { reportId = "after-restart", period = "2024-06", value = 48m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The page retries with back-off (at most 10 s apart), then catches up on what it missed.
        browser.Until(d => d.FindElements(By.CssSelector("#figures tr[data-period='2024-06'] .figure")).Any(e => e.Text == "48"), TimeSpan.FromSeconds(30));
        browser.Until(d => d.FindElement(By.Id("live")).GetAttribute("class")!.Contains("on"), TimeSpan.FromSeconds(5));
    }
}
