using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using QingzhouPlan.Server.Demo;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Dashboard;

/// <summary>
/// The page over a plausible year (the scripted year, as `infra/start.sh --demo` loads it), seen on 20
/// January 2025 when the year's figures are in: the overview counts and an indicator's chart and history. With QZ_DOCS set to a
/// folder, the screenshots are written there too (docs/ keeps them for the README).
/// </summary>
public sealed class ScriptedYearPageTests : IAsyncLifetime
{
    private readonly ManualClock _clock = ManualClock.At(2024, 1, 12);
    private readonly PlanHost _host;

    public ScriptedYearPageTests() => _host = new PlanHost(clock: _clock, kestrel: true,
        overrides: new Dictionary<string, string?> { ["Dashboard:DevSignIn"] = "true" });

    public async Task InitializeAsync()
    {
        _ = _host.Services;
        await _host.Services.GetRequiredService<ScriptedYear>().Run("qingzhou-2024", _clock.Set);
        _clock.Set(2025, 1, 20);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_overview_and_an_adjusted_indicator_show_a_year_in_progress()
    {
        using var browser = new Browser(_host.BaseUrl);
        browser.SignIn("he.audit", "sjj", "auditor");
        browser.Until(d => d.FindElements(By.CssSelector("#departments tr")).Count > 5, TimeSpan.FromSeconds(10));
        var counted = new[] { "count-met", "count-ontrack", "count-lagging" }.Sum(id => int.Parse(browser.Text($"#{id}")));
        counted.ShouldBeGreaterThan(20);
        browser.Text("#overview").ShouldContain("全年序时进度 100.0%");
        Keep(browser.Screenshot("overview-year"), "dashboard-overview.png");

        browser.Open("/#/indicator/LOCAL-PROCUREMENT");
        browser.Until(d => d.FindElements(By.CssSelector("#figures tr[data-period]")).Count >= 8, TimeSpan.FromSeconds(10));
        browser.Text("#history").ShouldContain("reported");
        Keep(browser.Screenshot("indicator-year"), "dashboard-indicator.png");
    }

    private static void Keep(string screenshot, string name)
    {
        if (Environment.GetEnvironmentVariable("QZ_DOCS") is { Length: > 0 } docs)
            File.Copy(screenshot, Path.Combine(docs, name), overwrite: true);
    }
}
