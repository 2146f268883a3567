using System.Net;
using OpenQA.Selenium;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Rounds;

/// <summary>
/// The round on the page, in two real browsers against the whole server on Kestrel: the department head sees the
/// figure in the approval queue with its rule finding and 上报说明, sends it back with a message from the queue, and the
/// reporter's open page lists it under "退回给我" without a reload; the reporter hands the round in again from the page
/// and it is back in the head's queue.
/// </summary>
public sealed class RoundPageTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly ManualClock _clock = ManualClock.At(2024, 3, 5);
    private readonly PlanHost _host;

    public RoundPageTests() => _host = new PlanHost(clock: _clock, kestrel: true,
        overrides: new Dictionary<string, string?> { ["Dashboard:DevSignIn"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_approver_sends_a_figure_back_from_the_queue_and_the_reporters_page_shows_it_live()
    {
        var gxj = _host.ClientAs("li.wei", "gxj");
        var investment = $"{Plan}/indicators/KEY-INDUSTRIAL-INVESTMENT";
        (await gxj.PostJson($"{investment}/reports", new { reportId = "p-02", period = "2024-02", value = 10m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        _clock.Set(2024, 4, 3);
        (await gxj.PostJson($"{investment}/reports", new { reportId = "p-03", period = "2024-03", value = 45m, unit = "亿元", explanation = "3月集中开工两个大项目" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await gxj.PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Submit" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var reporter = new Browser(_host.BaseUrl);
        using var head = new Browser(_host.BaseUrl);
        reporter.SignIn("li.wei", "gxj", "reporter");
        reporter.Open("/#/round/2024-03");
        reporter.Until(d => d.FindElements(By.CssSelector("#sent-back")).Count > 0 && d.FindElement(By.Id("sent-back")).Text.Contains("没有退回的数据"),
            TimeSpan.FromSeconds(15));
        reporter.Until(d => d.FindElement(By.Id("live")).GetAttribute("class")!.Contains("on"), TimeSpan.FromSeconds(10));
        // Set on the open page: still there afterwards means the page redrew itself, it was not reloaded.
        var reporterScript = (IJavaScriptExecutor)reporter.Driver_;
        reporterScript.ExecuteScript("window.stillOpen = true");

        head.SignIn("gxj.head", "gxj", "approver");
        head.Open("/#/round/2024-03");
        var row = "#queue tr[data-code='KEY-INDUSTRIAL-INVESTMENT']";
        head.Until(d => d.FindElements(By.CssSelector($"{row} button.send-back")).Count > 0, TimeSpan.FromSeconds(15));
        head.Until(d => d.FindElement(By.Id("live")).GetAttribute("class")!.Contains("on"), TimeSpan.FromSeconds(10));
        // Read inside the wait: a live page may draw itself again between finding the row and reading it.
        head.Until(d => d.FindElement(By.CssSelector(row)).Text is var queued && queued.Contains("3月集中开工两个大项目")
            && queued.Contains("重点工业项目投资月度变动") && queued.Contains("待部门审核")
            && d.FindElement(By.Id("completion")).Text.Contains("市工业和信息化局"), TimeSpan.FromSeconds(10));
        head.Screenshot("round-queue");

        head.Driver_.FindElement(By.CssSelector($"{row} .send-back-message")).SendKeys("3月投资与项目台账不符，请核对");
        head.Driver_.FindElement(By.CssSelector($"{row} button.send-back")).Click();

        reporter.Until(d => d.FindElements(By.CssSelector("#sent-back tr[data-code='KEY-INDUSTRIAL-INVESTMENT'] .message"))
            .Any(e => e.Text == "3月投资与项目台账不符，请核对"), TimeSpan.FromSeconds(10));
        reporterScript.ExecuteScript("return window.stillOpen === true").ShouldBe(true);
        head.Until(d => d.FindElements(By.CssSelector(row)).Count == 0, TimeSpan.FromSeconds(10));
        reporter.Screenshot("round-sent-back");

        // The reporter corrects the figure from the indicator's page the list links to, and hands the round in again.
        reporter.Driver_.FindElement(By.CssSelector("#sent-back tr[data-code='KEY-INDUSTRIAL-INVESTMENT'] a")).Click();
        reporter.Until(d => d.FindElements(By.Id("report-form")).Count > 0, TimeSpan.FromSeconds(10));
        reporter.Fill("report-period", "2024-03");
        reporter.Fill("report-value", "40");
        reporter.Fill("report-reason", "按项目台账更正");
        reporter.Driver_.FindElement(By.CssSelector("#report-form button")).Click();
        reporter.Until(d => d.FindElements(By.CssSelector("#figures tr[data-period='2024-03'] .figure")).Any(e => e.Text == "40"), TimeSpan.FromSeconds(10));
        reporter.Open("/#/round/2024-03");
        reporter.Until(d => d.FindElements(By.Id("round-submit")).Count > 0, TimeSpan.FromSeconds(10));
        reporter.Driver_.FindElement(By.Id("round-submit")).Click();

        head.Until(d => d.FindElements(By.CssSelector($"{row} button.approve")).Count > 0 && d.FindElement(By.CssSelector(row)).Text.Contains("40"),
            TimeSpan.FromSeconds(10));
        reporter.Until(d => d.FindElements(By.CssSelector("#sent-back tr[data-code]")).Count == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_viewer_sees_the_queue_without_controls_and_an_auditor_sees_the_round_as_it_stood()
    {
        var gxj = _host.ClientAs("li.wei", "gxj");
        _clock.Set(2024, 4, 3);
        (await gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "lp-03", period = "2024-03", value = 9m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await gxj.PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Submit" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var submittedDay = _clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        _clock.Set(2024, 4, 8);
        (await _host.ClientAs("gxj.head", "gxj", "approver").PostJson($"{Plan}/departments/gxj/rounds/2024-03", new { action = "Approve", level = "department" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        using var browser = new Browser(_host.BaseUrl);
        browser.SignIn("zhou.viewer", "tjj", "viewer");
        browser.Open("/#/round/2024-03");
        var row = "#queue tr[data-code='LOCAL-PROCUREMENT']";
        browser.Until(d => d.FindElements(By.CssSelector(row)).Count > 0 && d.FindElement(By.CssSelector(row)).Text.Contains("待市发改委/统计局综合审核"),
            TimeSpan.FromSeconds(15));
        browser.Driver_.FindElements(By.CssSelector("#queue button")).ShouldBeEmpty("a viewer acts at no level");

        browser.SignIn("he.audit", "sjj", "auditor");
        browser.Open($"/#/round/2024-03?asOf={submittedDay}");
        browser.Until(d => d.FindElements(By.CssSelector(row)).Count > 0 && d.FindElement(By.CssSelector(row)).Text.Contains("待部门审核")
            && d.FindElement(By.CssSelector("#round-view h2")).Text.Contains(submittedDay), TimeSpan.FromSeconds(15));
    }
}
