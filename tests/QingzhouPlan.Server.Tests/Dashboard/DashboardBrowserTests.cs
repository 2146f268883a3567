using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OpenQA.Selenium;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Dashboard;

/// <summary>
/// The built-in page in a real browser against the whole server on Kestrel: it shows the plan, a report
/// posted through the API appears without a reload, a viewer gets no write controls, and an as-of pick
/// shows the figure as it stood. Needs the page built (infra/web.sh) and Debian's chromium.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public ManualClock Clock { get; } = ManualClock.At(2024, 6, 5);

    public PlanHost Host { get; }

    public DateTimeOffset BeforeCorrection { get; private set; }

    public DashboardFixture() => Host = new PlanHost(clock: Clock, kestrel: true,
        overrides: new Dictionary<string, string?> { ["Dashboard:DevSignIn"] = "true" });

    public async Task InitializeAsync()
    {
        var gxj = Host.ClientAs("li.wei", "gxj");
        (await gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "m5", period = "2024-05", value = 12m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        Clock.Set(2024, 7, 3);
        BeforeCorrection = Clock.GetUtcNow();
        (await gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/corrections",
            new { period = "2024-05", value = 12.5m, unit = "亿元", reason = "补录两家企业" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        Clock.Set(2024, 7, 12);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>, IDisposable
{
    private readonly Browser _browser = new(fixture.Host.BaseUrl);

    public void Dispose() => _browser.Dispose();

    [Fact]
    public void The_page_loads_and_shows_the_plans_figures()
    {
        _browser.SignIn("zhou.viewer", "tjj", "viewer");

        _browser.Until(d => d.FindElements(By.CssSelector("#chapters tr")).Count > 5, TimeSpan.FromSeconds(10));
        _browser.Text("#overview").ShouldContain("指标总体（39 项）");
        _browser.Text("#chapters").ShouldContain("主要预期目标");
        _browser.Text("#departments").ShouldContain("市工业和信息化局");
        _browser.Screenshot("overview");
    }

    [Fact]
    public async Task This_weeks_dues_on_the_overview_are_the_plans_calendar_for_the_week()
    {
        // The page cuts the week from the whole calendar (one round of requests); the server's own cut is the reference.
        // Monthly reports fall due on the 10th: a week that holds one (the other tests keep the fixture's 12 July).
        var today = fixture.Clock.GetUtcNow();
        fixture.Clock.Set(2024, 8, 6);
        try
        {
            var week = await fixture.Host.ClientAs("zhou.viewer", "tjj", "viewer")
                .GetFromJsonAsync<System.Text.Json.JsonElement>("/api/plans/qingzhou-2024/calendar?from=2024-08-06&to=2024-08-12");
            var expected = week.EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("period").GetString()}").ToList();
            expected.ShouldNotBeEmpty("the week should owe reports, or this compares nothing");

            _browser.SignIn("zhou.viewer", "tjj", "viewer");

            _browser.Until(d => d.FindElements(By.CssSelector("#due-week tr")).Count > 1, TimeSpan.FromSeconds(10));
            _browser.Text("#overview").ShouldContain($"本周到期（{expected.Count}）");
            var shown = _browser.Driver_.FindElements(By.CssSelector("#due-week tr")).Skip(1)
                .Select(row => row.FindElements(By.TagName("td"))).Select(cells => $"{cells[0].Text} {cells[1].Text}").ToList();
            shown.ShouldBe(expected.Take(12).ToList());
            _browser.Screenshot("overview-due-week");
        }
        finally
        {
            fixture.Clock.Set(today);
        }
    }

    [Fact]
    public async Task A_report_posted_through_the_API_appears_on_the_open_page_within_two_seconds()
    {
        _browser.SignIn("zhou.viewer", "tjj", "viewer");
        _browser.Open("/#/indicator/KEY-INDUSTRIAL-INVESTMENT");
        _browser.Until(d => d.FindElements(By.Id("figures")).Count > 0, TimeSpan.FromSeconds(10));
        _browser.Until(d => d.FindElement(By.Id("live")).GetAttribute("class")!.Contains("on"), TimeSpan.FromSeconds(10));
        // The server runs in this process: collect, as a busy server will, before the change is pushed.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var posted = Stopwatch.StartNew();
        (await fixture.Host.ClientAs("li.wei", "gxj").PostJson("/api/plans/qingzhou-2024/indicators/KEY-INDUSTRIAL-INVESTMENT/reports",
            new { reportId = "browser-6", period = "2024-06", value = 48m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        _browser.Until(d => d.FindElements(By.CssSelector("#figures tr[data-period='2024-06'] .figure")).Any(e => e.Text == "48"), TimeSpan.FromSeconds(2));
        posted.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        _browser.Screenshot("indicator-live");
    }

    [Fact]
    public void A_viewer_sees_no_write_controls_and_a_reporter_does()
    {
        _browser.SignIn("zhou.viewer", "tjj", "viewer");
        _browser.Open("/#/indicator/LOCAL-PROCUREMENT");
        _browser.Until(d => d.FindElements(By.Id("figures")).Count > 0, TimeSpan.FromSeconds(10));
        _browser.Driver_.FindElements(By.CssSelector("[data-write]")).ShouldBeEmpty();
        _browser.Driver_.FindElements(By.Id("asof")).ShouldBeEmpty("a viewer reads the present only");

        _browser.SignIn("li.wei", "gxj", "reporter");
        _browser.Open("/#/indicator/LOCAL-PROCUREMENT");
        _browser.Until(d => d.FindElements(By.Id("figures")).Count > 0, TimeSpan.FromSeconds(10));
        _browser.Driver_.FindElements(By.CssSelector("[data-write]")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_double_clicked_report_is_recorded_once_and_answered_without_an_error()
    {
        _browser.SignIn("li.wei", "gxj", "reporter");
        _browser.Open("/#/indicator/LOCAL-PROCUREMENT");
        _browser.Until(d => d.FindElements(By.Id("report-form")).Count > 0, TimeSpan.FromSeconds(10));
        _browser.Fill("report-period", "2024-06");
        _browser.Fill("report-value", "13");
        // The answers the page gets, whatever it draws after them.
        var script = (IJavaScriptExecutor)_browser.Driver_;
        script.ExecuteScript("""
            window.answers = [];
            const fetched = window.fetch;
            window.fetch = async (...call) => {
              const response = await fetched(...call);
              if (String(call[0]).endsWith('/reports')) window.answers.push(response.status);
              return response;
            };
            """);

        new OpenQA.Selenium.Interactions.Actions(_browser.Driver_).DoubleClick(_browser.Driver_.FindElement(By.CssSelector("#report-form button"))).Perform();

        _browser.Until(d => d.FindElements(By.CssSelector("#figures tr[data-period='2024-06'] .figure")).Any(e => e.Text == "13"), TimeSpan.FromSeconds(10));
        var reported = (await fixture.Host.Events("qingzhou-2024/LOCAL-PROCUREMENT"))
            .Count(e => e.Data is Domain.Indicators.ValueReported { Period: var p } && p.ToString() == "2024-06");
        reported.ShouldBe(1);
        // Both submissions carried one id: the second was answered as a retry (200), not refused as a second report (409).
        _browser.Until(_ => Convert.ToInt64(script.ExecuteScript("return window.answers.length")) == 2, TimeSpan.FromSeconds(10));
        ((IReadOnlyCollection<object>)script.ExecuteScript("return window.answers")!).Select(Convert.ToInt32).Order().ShouldBe([200, 201]);
    }

    [Fact]
    public void An_as_of_pick_shows_the_figure_as_it_stood_before_the_correction()
    {
        _browser.SignIn("he.audit", "sjj", "auditor");
        _browser.Open("/#/indicator/LOCAL-PROCUREMENT");
        _browser.Until(d => d.FindElements(By.CssSelector("#figures tr[data-period='2024-05'] .figure")).Any(e => e.Text == "12.5"), TimeSpan.FromSeconds(10));

        var day = fixture.BeforeCorrection.ToOffset(TimeSpan.FromHours(8)).AddDays(-1).ToString("yyyy-MM-dd");
        ((IJavaScriptExecutor)_browser.Driver_).ExecuteScript($"document.getElementById('asof').value = '{day}'");
        _browser.Driver_.FindElement(By.Id("asof-apply")).Click();

        _browser.Until(d => d.FindElements(By.CssSelector("#figures tr[data-period='2024-05'] .figure")).Any(e => e.Text == "12"), TimeSpan.FromSeconds(10));
        _browser.Text("#as-of-label").ShouldContain(day);
        _browser.Screenshot("indicator-as-of");
    }
}
