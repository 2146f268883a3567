using OpenQA.Selenium;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Dashboard;

/// <summary>
/// With Auth__Authority set, the page signs in by the standard code flow (PKCE) against the provider, and
/// the API accepts the provider's token: the user, department and role come from its claims.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private readonly TestIdentityProvider _provider = new("zhao.oidc", "gxj", "auditor", "qingzhouplan-api");
    private PlanHost _host = null!;

    public async Task InitializeAsync()
    {
        await _provider.StartAsync();
        _host = new PlanHost(clock: ManualClock.At(2024, 7, 12), kestrel: true, overrides: new Dictionary<string, string?>
        {
            ["Auth:Authority"] = _provider.Authority,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Dashboard:ClientId"] = TestIdentityProvider.ClientId,
        });
        _ = _host.Services; // starts Kestrel before the browser comes
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public void The_page_signs_in_through_the_provider_and_shows_the_plan_to_the_user_it_names()
    {
        using var browser = new Browser(_host.BaseUrl);
        browser.Open("/");
        browser.Until(d => d.FindElements(By.Id("oidc-sign-in")).Count > 0, TimeSpan.FromSeconds(15));
        browser.Driver_.FindElements(By.Id("signin-user")).ShouldBeEmpty("no development sign-in on this server");

        browser.Driver_.FindElement(By.Id("oidc-sign-in")).Click();

        browser.Until(d => d.FindElements(By.Id("overview")).Count > 0, TimeSpan.FromSeconds(15));
        browser.Text("#who").ShouldBe("zhao.oidc · gxj · auditor");
        browser.Driver_.Url.ShouldNotContain("code=");
        _provider.Authorizations.ShouldBe(1);
    }
}
