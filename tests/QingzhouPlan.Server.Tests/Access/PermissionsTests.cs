using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Access;

/// <summary>What a user may do to an item is the item's own answer, for every role the token carries.</summary>
public sealed class PermissionsTests : IAsyncLifetime
{
    private const string Indicator = "/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/permissions";
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 7, 12));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string[]> Actions(HttpClient client, string url = Indicator) =>
        (await (await client.GetAsync(url)).Json()).GetProperty("actions").EnumerateArray().Select(a => a.GetString()!).ToArray();

    [Fact]
    public async Task Each_user_is_told_what_the_item_lets_them_do()
    {
        (await Actions(_host.ClientAs("li.wei", "gxj"))).ShouldBe(["Report", "Correct", "Retract", "Submit"]);
        (await Actions(_host.ClientAs("zhou.min", "tjj"))).ShouldBeEmpty();
        (await Actions(_host.ClientAs("wang.review", "tjj", "reviewer"))).ShouldBe(["Correct", "Verify", "AdjustTarget", "Reassign", "OpenException"]);
        (await Actions(_host.Viewer())).ShouldBeEmpty();
        (await Actions(_host.ClientAs("li.wei", "gxj"), "/api/plans/qingzhou-2024/tasks/T-SME-INCUBATOR/permissions"))
            .ShouldBe(["ReportProgress"]);
    }

    [Fact]
    public async Task The_api_names_every_role_the_token_carries()
    {
        var client = _host.CreateClient();
        var token = _host.Services.GetRequiredService<QingzhouPlan.Server.Access.TokenMinter>().Mint("li.wei", "gxj", ["reporter", "reviewer"]);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var me = await (await client.GetAsync("/api/me")).Json();

        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["reporter", "reviewer"]);
        me.GetProperty("readsThePast").GetBoolean().ShouldBeTrue();
        (await Actions(client)).ShouldBe(["Report", "Correct", "Retract", "Verify", "AdjustTarget", "Reassign", "Submit", "OpenException"]);
    }
}
