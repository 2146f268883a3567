using System.Net;
using OpenQA.Selenium;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Reports;

/// <summary>
/// The page's 报告 view in a real browser: an auditor previews the current document of a period, and an edition's
/// document is one click from the editions list; a reporter, who does not read the past, is not offered the view.
/// </summary>
public sealed class ReportPageTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly ManualClock _clock = ManualClock.At(2024, 7, 5);
    private readonly PlanHost _host;

    public ReportPageTests() => _host = new PlanHost(clock: _clock, kestrel: true, overrides: new Dictionary<string, string?> { ["Dashboard:DevSignIn"] = "true" });

    public async Task InitializeAsync()
    {
        await Workload.ReportMonths(_host, 1, 6);
        (await _host.ClientAs("zhang.admin", "fgj", "admin").PostJson($"{Plan}/editions", new { period = "2024-06", title = "2024年上半年执行情况" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void An_auditor_previews_the_document_and_opens_an_edition_from_the_list()
    {
        using var browser = new Browser(_host.BaseUrl);
        browser.SignIn("he.audit", "sjj", "auditor");
        browser.Until(d => d.FindElement(By.Id("nav-report")).Displayed, TimeSpan.FromSeconds(10));
        browser.Open("/#/report/2024-06");
        browser.Until(d => d.FindElements(By.CssSelector("#report-view[data-loaded='true']")).Count > 0, TimeSpan.FromSeconds(30));
        browser.Text("#report-label").ShouldBe("当前");
        browser.Text("#report-editions").ShouldContain("2024年上半年执行情况");
        browser.Screenshot("report-current");

        // The edition's document waits for its signed checkpoint; the page says so until it is there, then shows it.
        // The view drawn before the click stays a moment: only the edition's own view, loaded, counts.
        browser.Driver_.FindElement(By.CssSelector("#report-editions tr[data-edition='1'] a")).Click();
        browser.Until(d =>
        {
            if (d.FindElements(By.Id("report-label")).FirstOrDefault()?.Text != "第 1 版")
                return false;
            if (d.FindElements(By.CssSelector("#report-view[data-loaded='true']")).Count > 0)
                return true;
            if (d.FindElement(By.Id("report-error")).Text.Length > 0)
                d.Navigate().Refresh();
            return false;
        }, TimeSpan.FromSeconds(30));
        browser.Screenshot("report-edition");
    }

    [Fact]
    public void A_reporter_is_not_offered_the_report_view()
    {
        using var browser = new Browser(_host.BaseUrl);
        browser.SignIn("li.wei", "gxj", "reporter");
        browser.Driver_.FindElement(By.Id("nav-report")).Displayed.ShouldBeFalse();
        browser.Open("/#/report/2024-06");
        browser.Until(d => d.FindElements(By.CssSelector("main .error")).Count > 0, TimeSpan.FromSeconds(10));
        browser.Text("main .error").ShouldContain("审核员、审计员或管理员");
    }
}
