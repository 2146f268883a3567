using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Access;

/// <summary>
/// A token covers plans (ids, an area's prefix such as <c>linqu-*</c>, or <c>*</c>): a user of another county
/// gets 403 on every route of this plan, whatever roles the token holds, and writes nothing.
/// </summary>
public sealed class PlanScopeTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private readonly PlanHost _host = fixture.Host;

    private HttpClient Client(IEnumerable<string>? plans, params string[] roles)
    {
        var client = _host.CreateClient();
        var token = _host.Services.GetRequiredService<TokenMinter>().Mint("sun.linqu", "gxj", roles, plans: plans);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private HttpClient OtherCounty() => Client(["linqu-*"], Roles.Reporter, Roles.Reviewer, Roles.Auditor, Roles.Admin);

    public static TheoryData<string> PlanRoutes()
    {
        var data = new TheoryData<string>();
        foreach (var row in AccessMatrix.Rows.Where(r => r.Route.Contains("{planId}", StringComparison.Ordinal)))
            data.Add($"{row.Method} {row.Route}");
        return data;
    }

    [Theory]
    [MemberData(nameof(PlanRoutes))]
    public async Task Every_route_of_a_plan_refuses_a_token_for_another_plan_and_records_nothing(string endpoint)
    {
        var row = AccessMatrix.Rows.Single(r => $"{r.Method} {r.Route}" == endpoint);
        var before = (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Count;

        using var response = await row.Send(OtherCounty(), row.OwnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, row.OwnUrl);
        (await response.ProblemErrors()).Keys.ShouldBe(["planId"]);
        (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Count.ShouldBe(before);
    }

    [Fact]
    public async Task The_list_of_plans_and_the_whole_store_audit_follow_the_token()
    {
        (await OtherCounty().GetFromJsonList("/api/plans/")).ShouldBeEmpty();
        (await OtherCounty().PostJson("/api/audit/verify", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await OtherCounty().GetAsync("/api/audit/anchor")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var area = Client(["qingzhou-*"], Roles.Auditor);
        (await area.GetFromJsonList("/api/plans/")).Select(p => p.GetProperty("id").GetString()).ShouldBe(["qingzhou-2024"]);
        (await area.GetAsync("/api/audit/anchor")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // One year of the area does not make the whole store: 2023's results are in it too.
        (await Client(["qingzhou-2024"], Roles.Auditor).GetAsync("/api/audit/anchor")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Client(["qingzhou-2024"], Roles.Viewer).GetFromJsonList("/api/plans/")).Select(p => p.GetProperty("id").GetString()).ShouldBe(["qingzhou-2024"]);
    }

    [Fact]
    public async Task A_token_that_names_no_plan_covers_the_seeded_plans()
    {
        var unnamed = Client([], Roles.Viewer);

        var me = await (await unnamed.GetAsync("/api/me")).Json();
        me.GetProperty("plans").EnumerateArray().Select(p => p.GetString()).ShouldBe(["qingzhou-2023", "qingzhou-2024"]);
        (await unnamed.GetAsync("/api/plans/qingzhou-2024/indicators")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await unnamed.GetAsync("/api/plans/linqu-2024/indicators")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_items_own_rules_refuse_an_actor_of_another_plan_too()
    {
        var grain = _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IIndicatorGrain>(PlanKeys.Item("qingzhou-2024", "LOCAL-PROCUREMENT"));
        var actor = new ActedBy("sun.linqu", "gxj", null, [Roles.Reporter], Plans: new PlanScope(["linqu-*"]));
        var before = (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Count;

        var result = await grain.Report(new ReportValue("scope-1", Period.Parse("2024-04"), 11m, "亿元", null, null), actor, null, null);

        result.Refusal.ShouldNotBeNull().Field.ShouldBe("planId");
        result.Refusal.Clerk.ShouldContain("qingzhou-2024");
        (await grain.Permissions(actor)).ShouldBeEmpty();
        (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Count.ShouldBe(before);
    }
}
