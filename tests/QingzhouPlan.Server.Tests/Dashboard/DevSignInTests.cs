using System.Net;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Dashboard;

/// <summary>The development sign-in lets anyone be anyone: off unless Development or the explicit flag.</summary>
public sealed class DevSignInTests
{
    private static readonly object Admin = new { user = "zhang.san", department = "fgj", role = "admin" };

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
        await using var host = new PlanHost(overrides: new Dictionary<string, string?> { ["Dashboard:DevSignIn"] = "true" });
        var answer = await (await host.CreateClient().PostJson("/dashboard/dev-sign-in", Admin)).Json();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", answer.GetProperty("token").GetString());
        (await client.GetAsync("/api/admin/projections/influx")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await host.CreateClient().PostJson("/dashboard/dev-sign-in", new { user = "x", department = "fgj", role = "root" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ProblemErrors()).ShouldContainKey("role");
    }
}
