using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Access;

/// <summary>
/// Tokens from a real OpenID Connect provider (oidc-provider) as a county system gets them, by client
/// credentials: the API maps their claims (user, department, roles, plans), refuses one for another audience
/// or one that has expired, and takes a new signing key from the provider's published keys without a restart.
/// </summary>
public sealed class ProviderTokenTests(ProviderTokenTests.Fixture fixture) : IClassFixture<ProviderTokenTests.Fixture>
{
    private readonly PlanHost _host = fixture.Host;
    private readonly IdentityProvider _provider = fixture.Provider;

    [Fact]
    public async Task A_systems_token_names_its_department_roles_and_plans_and_it_reports_within_them()
    {
        using var client = ClientWith(await _provider.SystemToken());

        var me = await (await client.GetAsync("/api/me")).Json();
        me.GetProperty("user").GetString().ShouldBe(IdentityProvider.CountySystem);
        me.GetProperty("department").GetString().ShouldBe("tjj");
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["reporter", "viewer"], ignoreOrder: true);
        me.GetProperty("plans").EnumerateArray().Select(p => p.GetString()).ShouldBe(["qingzhou-2024"]);

        var report = await client.PostJson("/api/plans/qingzhou-2024/indicators/GDP/reports", new { reportId = "idp-q2", period = "2024-Q2", value = 5.6m, unit = "%" });
        report.IsSuccessStatusCode.ShouldBeTrue(await report.Content.ReadAsStringAsync());
        (await client.GetAsync("/api/plans/qingzhou-2025")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "idp-m5", period = "2024-05", value = 12m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden, "another department's indicator");
    }

    [Fact]
    public async Task A_token_the_provider_issued_for_another_audience_is_refused()
    {
        using var client = ClientWith(await _provider.SystemToken(resource: IdentityProvider.OtherResource));
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_is_taken_until_it_expires_and_refused_from_then_on()
    {
        var token = await _provider.SystemToken(IdentityProvider.BriefSystem);
        var expires = new JsonWebToken(token).ValidTo;
        (expires - DateTime.UtcNow).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(IdentityProvider.BriefSeconds));
        using var client = ClientWith(token);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Wait.Until(async () => (await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(60));
        DateTime.UtcNow.ShouldBeGreaterThanOrEqualTo(expires);
    }

    [Fact]
    public async Task A_new_signing_key_is_taken_from_the_providers_keys_without_a_restart()
    {
        var before = await _provider.SystemToken();
        using var old = ClientWith(before);
        (await old.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await _provider.RotateKeyAsync();
        var after = await _provider.SystemToken();
        new JsonWebToken(after).Kid.ShouldBe(_provider.SigningKeyId);
        new JsonWebToken(after).Kid.ShouldNotBe(new JsonWebToken(before).Kid);

        // The API knows only the old key until it reads the provider's keys again, which an unknown key id prompts.
        using var rotated = ClientWith(after);
        await Wait.Until(async () => (await rotated.GetAsync("/api/me")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        (await old.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the old key is still published");
    }

    private HttpClient ClientWith(string token)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public IdentityProvider Provider { get; } = new();

        public PlanHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Host = new PlanHost(clock: ManualClock.At(2024, 7, 12), overrides: new Dictionary<string, string?>
            {
                ["Auth:Authority"] = Provider.Authority,
                ["Auth:RequireHttpsMetadata"] = "false",
                // Expiry is seen at the second the token says, not half a minute later.
                ["Auth:ClockSkewSeconds"] = "0",
            });
            await Provider.StartAsync("http://127.0.0.1"); // no page here: its redirect address is never used
            _ = Host.Services;
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await Provider.DisposeAsync();
        }
    }
}
