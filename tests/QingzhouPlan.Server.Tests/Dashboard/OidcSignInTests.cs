using System.Net;
using System.Net.Http.Headers;
using OpenQA.Selenium;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Dashboard;

/// <summary>
/// With Auth__Authority set, the page signs in against a real OpenID Connect provider (oidc-provider): the code
/// flow with PKCE through the provider's own sign-in and consent pages, a token the API accepts with the user,
/// department and role from its claims, renewal by refresh token before the short-lived access token expires,
/// and sign-out that ends the session at the provider too.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    // Short enough to see the page renew its token within a test; the API allows no clock skew here.
    private const int PageTokenSeconds = 8;
    private readonly IdentityProvider _provider = new(PageTokenSeconds);
    private PlanHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = new PlanHost(clock: ManualClock.At(2024, 7, 12), kestrel: true, overrides: new Dictionary<string, string?>
        {
            ["Auth:Authority"] = _provider.Authority,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:ClockSkewSeconds"] = "0",
            ["Dashboard:ClientId"] = IdentityProvider.PageClient,
            ["Dashboard:Scope"] = "openid profile offline_access",
        });
        await _provider.StartAsync(_host.BaseUrl);
        _ = _host.Services; // starts Kestrel before the browser comes
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task The_page_signs_in_by_code_flow_and_renews_its_token_before_it_expires()
    {
        using var browser = new Browser(_host.BaseUrl);
        SignIn(browser);
        browser.Text("#who").ShouldBe("zhao.oidc · gxj · auditor");
        browser.Driver_.Url.ShouldNotContain("code=");
        _provider.Grants.ShouldBe(["authorization_code"]);
        var first = Session(browser, "token");

        // Past the first token's expiry (the browser's clock), the page still works: it renewed the token.
        browser.Until(d => (bool)((IJavaScriptExecutor)d).ExecuteScript(
            "return Date.now() > JSON.parse(sessionStorage.getItem('qz.session')).expiresAt")!, TimeSpan.FromSeconds(PageTokenSeconds * 4));
        browser.Open("/#/department/gxj");
        browser.Until(d => d.FindElements(By.Id("department-items")).Count > 0, TimeSpan.FromSeconds(15));
        _provider.Grants.ShouldContain("refresh_token");
        Session(browser, "token").ShouldNotBe(first);
        browser.Driver_.FindElements(By.Id("oidc-sign-in")).ShouldBeEmpty();

        // The first token itself is no longer taken: renewal was needed, not a token that never expired.
        using var api = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", first);
        (await api.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Signing_out_ends_the_session_at_the_provider_so_the_next_sign_in_asks_again()
    {
        using var browser = new Browser(_host.BaseUrl);
        SignIn(browser);

        browser.Driver_.FindElement(By.Id("sign-out")).Click();
        browser.Until(d => d.FindElements(By.CssSelector("button[name=logout][value=yes]")).Count > 0, TimeSpan.FromSeconds(15));
        browser.Driver_.FindElement(By.CssSelector("button[name=logout][value=yes]")).Click();

        browser.Until(d => d.FindElements(By.Id("oidc-sign-in")).Count > 0, TimeSpan.FromSeconds(15));
        browser.Driver_.Url.ShouldStartWith(_host.BaseUrl);
        _provider.SignOuts.ShouldBe(1);
        ((IJavaScriptExecutor)browser.Driver_).ExecuteScript("return sessionStorage.getItem('qz.session')").ShouldBeNull();

        browser.Driver_.FindElement(By.Id("oidc-sign-in")).Click();
        browser.Until(d => d.FindElements(By.CssSelector("input[name=login]")).Count > 0, TimeSpan.FromSeconds(15));
    }

    /// <summary>The provider's own pages, as a person goes through them: sign-in form, then consent.</summary>
    private static void SignIn(Browser browser)
    {
        browser.Open("/");
        browser.Until(d => d.FindElements(By.Id("oidc-sign-in")).Count > 0, TimeSpan.FromSeconds(15));
        browser.Driver_.FindElements(By.Id("signin-user")).ShouldBeEmpty("no development sign-in on this server");
        browser.Driver_.FindElement(By.Id("oidc-sign-in")).Click();

        browser.Until(d => d.FindElements(By.CssSelector("input[name=login]")).Count > 0, TimeSpan.FromSeconds(15));
        browser.Driver_.FindElement(By.CssSelector("input[name=login]")).SendKeys(IdentityProvider.Person);
        browser.Driver_.FindElement(By.CssSelector("input[name=password]")).SendKeys("any password");
        browser.Driver_.FindElement(By.CssSelector("button[type=submit]")).Click();

        browser.Until(d => d.FindElements(By.CssSelector("input[name=prompt][value=consent]")).Count > 0, TimeSpan.FromSeconds(15));
        browser.Driver_.FindElement(By.CssSelector("button[type=submit]")).Click();
        browser.Until(d => d.FindElements(By.Id("overview")).Count > 0, TimeSpan.FromSeconds(15));
    }

    private static string Session(Browser browser, string field) =>
        (string)((IJavaScriptExecutor)browser.Driver_).ExecuteScript($"return JSON.parse(sessionStorage.getItem('qz.session')).{field}")!;
}
