using System.Net;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Dashboard;

/// <summary>
/// The development sign-in lets anyone be anyone: off unless Development or the explicit flag, and even then
/// only for a request from this machine to a loopback host name, on a server that listens on loopback alone.
/// </summary>
public sealed class DevSignInTests : IAsyncLifetime
{
    private static readonly object Admin = new { user = "zhang.san", department = "fgj", role = "admin" };
    private readonly ProcessStore _store = new("devsign");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Outside_development_without_the_flag_there_is_no_development_sign_in()
    {
        await using var host = new PlanHost();
        (await (await host.CreateClient().GetAsync("/dashboard/config")).Json()).GetProperty("devSignIn").GetBoolean().ShouldBeFalse();
        (await host.CreateClient().PostJson("/dashboard/dev-sign-in", Admin)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_the_flag_it_mints_a_token_the_api_accepts_and_refuses_an_unknown_role()
    {
        await using var host = new PlanHost(overrides: new Dictionary<string, string?> { ["Dashboard:DevSignIn"] = "true" }, kestrel: true);
        host.StartServer();
        using var page = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        (await (await page.GetAsync("/dashboard/config")).Json()).GetProperty("devSignIn").GetBoolean().ShouldBeTrue();
        var answer = await (await page.PostJson("/dashboard/dev-sign-in", Admin)).Json();
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", answer.GetProperty("token").GetString());
        (await client.GetAsync("/api/admin/projections/influx")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await page.PostJson("/dashboard/dev-sign-in", new { user = "x", department = "fgj", role = "root" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ProblemErrors()).ShouldContainKey("role");
    }

    [Fact]
    public async Task A_request_naming_another_host_gets_no_token_even_when_it_comes_from_this_machine()
    {
        // As infra/start.sh runs it: Production, the flag on, loopback only. A page on evil.example that made its
        // name resolve to 127.0.0.1 (DNS rebinding) reaches the port, with its own Host.
        await using var server = await _store.Start(new Dictionary<string, string> { ["Dashboard__DevSignIn"] = "true" });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        (await SignIn(http, "evil.example:5080")).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "refused by the allowed hosts, which default to loopback names");
        (await SignIn(http, "127.0.0.1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SignIn(http, "localhost:5080")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_every_host_allowed_the_sign_in_itself_still_refuses_a_host_that_is_not_loopback()
    {
        await using var server = await _store.Start(new Dictionary<string, string> { ["Dashboard__DevSignIn"] = "true", ["AllowedHosts"] = "*" });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        var refused = await SignIn(http, "evil.example:5080");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldNotContain("token");
        using var config = new HttpRequestMessage(HttpMethod.Get, "/dashboard/config") { Headers = { Host = "evil.example:5080" } };
        (await (await http.SendAsync(config)).Json()).GetProperty("devSignIn").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_production_server_with_the_sign_in_on_does_not_stay_up_on_an_address_other_machines_reach()
    {
        ServerProcess? started = null;
        try
        {
            started = await _store.Start(new Dictionary<string, string> { ["Dashboard__DevSignIn"] = "true" }, listenOn: "0.0.0.0");
            // It may answer /health in the moment between listening and stopping; it must stop all the same.
            (await started.Exits(TimeSpan.FromSeconds(30))).ShouldBeTrue();
            started.Tail.ShouldContain("Stopping: the development sign-in is on");
        }
        catch (InvalidOperationException exited)
        {
            exited.Message.ShouldContain("exited with code 2");
            exited.Message.ShouldContain("Stopping: the development sign-in is on");
        }
        finally
        {
            if (started is not null)
                await started.DisposeAsync();
        }
    }

    private static Task<HttpResponseMessage> SignIn(HttpClient http, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/dev-sign-in") { Content = JsonContent(Admin) };
        request.Headers.Host = host;
        return http.SendAsync(request);
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body);
}
