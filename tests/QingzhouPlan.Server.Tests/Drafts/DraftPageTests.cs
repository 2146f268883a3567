using OpenQA.Selenium;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Drafts;

/// <summary>
/// The 计划草案 page in a real browser: an administrator uploads next year's plan document, describes the plan, adds a
/// task by selecting its text, takes the suggested links and departments for every proposal and accepts them in bulk,
/// adopts the plan, and the indicator page of the new plan shows both years.
/// </summary>
public sealed class DraftPageTests : IAsyncLifetime
{
    private readonly PlanHost _host = new(kestrel: true, overrides: new Dictionary<string, string?>
    {
        ["Dashboard:DevSignIn"] = "true",
        // The county's plans, this year's and those to come: what an administrator's token covers.
        ["Auth:Plans"] = "qingzhou-*",
    });

    private static readonly string Fixture = Path.Combine(Repository.Root, "tests", "QingzhouPlan.Server.Tests", "Drafts", "Fixtures", "next-year-plan.txt");

    public async Task InitializeAsync()
    {
        foreach (var (department, code, period, value, unit) in new[]
        {
            ("tjj", "GDP", "2024-Q4", 5.8m, "%"), ("gxj", "BASE-STATIONS-5G", "2024-Q4", 92m, "个"), ("rsj", "URBAN-JOBS", "2024-12", 12500m, "人"),
        })
        {
            var response = await _host.ClientAs($"reporter.{department}", department).PostJson($"/api/plans/qingzhou-2024/indicators/{code}/reports",
                new { reportId = $"{code}-{period}", period, value, unit });
            response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        }
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void An_administrator_reviews_next_year_s_plan_in_bulk_and_adopts_it()
    {
        using var browser = new Browser(_host.BaseUrl);
        browser.SignIn("zhang.admin", "fgj", "admin");
        browser.Until(d => d.FindElement(By.Id("nav-drafts")).Displayed, TimeSpan.FromSeconds(10));
        browser.Open("/#/drafts");
        browser.Until(d => d.FindElements(By.Id("draft-file")).Count > 0, TimeSpan.FromSeconds(10));
        browser.Driver_.FindElement(By.Id("draft-file")).SendKeys(Fixture);
        browser.Driver_.FindElement(By.CssSelector("#draft-upload button")).Click();
        browser.Until(d => d.FindElements(By.CssSelector("#document mark")).Count == 7, TimeSpan.FromSeconds(20));

        // The plan's id is guessed from last year's, its title and date read from the document.
        browser.Driver_.FindElement(By.Id("plan-id")).GetAttribute("value").ShouldBe("qingzhou-2025");
        browser.Driver_.FindElement(By.Id("plan-adopted-on")).GetAttribute("value").ShouldBe("2025-01-15");
        Step(browser, () => browser.Driver_.FindElement(By.CssSelector("#plan-form button[type=submit]")).Click());
        // Last year's rules on indicators this plan does not carry on are shown as problems; the reviewer unticks them.
        browser.Until(d => d.FindElements(By.CssSelector(".keep-rule")).Count > 0, TimeSpan.FromSeconds(10));
        foreach (var rule in browser.Driver_.FindElements(By.CssSelector(".keep-rule")))
            if (!rule.FindElement(By.XPath("..")).Text.Contains("（GDP）"))
                rule.Click();
        Step(browser, () => browser.Driver_.FindElement(By.CssSelector("#plan-form button[type=submit]")).Click());

        // A task the extractor does not propose (it opens with no verb), added by selecting its words in the document.
        var selected = ((IJavaScriptExecutor)browser.Driver_).ExecuteScript("""
            const pre = document.getElementById('document');
            const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const at = node.data.indexOf(arguments[0]);
              if (at < 0) continue;
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + arguments[0].length);
              getSelection().removeAllRanges();
              getSelection().addRange(range);
              pre.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
              return true;
            }
            return false;
            """, "工业互联网平台应用水平持续提升");
        selected.ShouldBe(true);
        browser.Until(d => d.FindElement(By.Id("selection-tools")).Displayed, TimeSpan.FromSeconds(5));
        Step(browser, () => browser.Driver_.FindElement(By.CssSelector("[data-add=Task]")).Click());
        browser.Until(d => d.FindElements(By.CssSelector("#document mark.Accepted")).Count == 1, TimeSpan.FromSeconds(10));

        // Every proposal takes its suggested link and department, and all are accepted at once.
        browser.Driver_.FindElement(By.Id("select-proposed")).Click();
        browser.Until(d => d.FindElement(By.Id("selected-count")).Text == "已选 7 项", TimeSpan.FromSeconds(5));
        Step(browser, () => browser.Driver_.FindElement(By.Id("apply-suggestions")).Click());
        Step(browser, () => browser.Driver_.FindElement(By.Id("accept-selected")).Click());
        browser.Until(d => d.FindElements(By.CssSelector("#document mark.Accepted")).Count == 8, TimeSpan.FromSeconds(10));

        // The tasks have no suggestion (2024's tasks are worded otherwise): their departments are set by hand.
        SetOwner(browser, "加快发展数字经济", "gxj");
        SetOwner(browser, "工业互联网平台应用水平持续提升", "gxj");

        browser.Until(d => d.FindElement(By.Id("draft-problems")).Text.Contains("没有待解决的问题"), TimeSpan.FromSeconds(10));
        browser.Text("#draft-results").ShouldContain("一致");
        browser.Screenshot("draft-review");
        browser.Driver_.FindElement(By.Id("adopt")).Click();
        browser.Until(d => d.FindElement(By.Id("draft-state")).Text.Contains("已通过为计划 qingzhou-2025"), TimeSpan.FromSeconds(20));

        // The new plan's indicator page shows the indicator in both years.
        browser.Open("/?plan=qingzhou-2025#/indicator/GDP");
        browser.Until(d => d.FindElements(By.CssSelector("#years tr[data-year]")).Count == 2, TimeSpan.FromSeconds(20));
        browser.Until(d => d.FindElement(By.CssSelector("#years tr[data-year='2024'] .year-end")).Text.StartsWith("5.8"), TimeSpan.FromSeconds(5));
        browser.Screenshot("indicator-years");
    }

    private static void SetOwner(Browser browser, string clause, string department)
    {
        browser.Driver_.FindElements(By.CssSelector("#draft-items tr.item")).Single(r => r.Text.Contains(clause)).FindElement(By.CssSelector(".edit")).Click();
        browser.Until(d => d.FindElements(By.Id("edit-form")).Count > 0, TimeSpan.FromSeconds(5));
        ((IJavaScriptExecutor)browser.Driver_).ExecuteScript("document.querySelector('#edit-form select[name=owner]').value = arguments[0]", department);
        Step(browser, () => browser.Driver_.FindElement(By.CssSelector("#edit-form button[type=submit]")).Click());
    }

    // Takes a step and waits for the page to draw the draft's next version.
    private static void Step(Browser browser, Action act)
    {
        var version = browser.Driver_.FindElement(By.Id("draft-view")).GetAttribute("data-version");
        act();
        browser.Until(d => d.FindElements(By.Id("draft-view")).FirstOrDefault() is { } view && view.GetAttribute("data-busy") is null
            && (view.GetAttribute("data-version") != version || d.FindElement(By.Id("draft-error")).Text.Length > 0), TimeSpan.FromSeconds(20));
        browser.Driver_.FindElement(By.Id("draft-error")).Text.ShouldBeEmpty();
    }
}
