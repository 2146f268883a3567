using System.Net;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>The 2023 results are published figures of a finished plan; a closed plan takes only reviewers' corrections.</summary>
public sealed class ClosedYearTests : IAsyncLifetime
{
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 7, 12));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_reporter_cannot_retract_or_correct_a_published_2023_result_and_a_reviewer_corrects_it_with_a_reason()
    {
        const string enterprises2023 = "/api/plans/qingzhou-2023/indicators/INDUSTRIAL-ENTERPRISES";
        var owner = (await (await _host.Viewer().GetAsync(enterprises2023)).Json()).GetProperty("ownerDepartment").GetString()!;
        var figure = (await (await _host.Viewer().GetAsync($"{enterprises2023}/figures")).Json()).GetProperty("figures")[0];
        var period = figure.GetProperty("period").GetString();
        var before = (await _host.Events("qingzhou-2023/INDUSTRIAL-ENTERPRISES")).Count;
        var reporter = _host.ClientAs("li.wei", owner);

        (await reporter.PostJson($"{enterprises2023}/retractions", new { period, reason = "错报" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reporter.PostJson($"{enterprises2023}/corrections", new { period, value = 425m, unit = "家", reason = "修订" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _host.Events("qingzhou-2023/INDUSTRIAL-ENTERPRISES")).Count.ShouldBe(before);

        var reviewer = _host.ClientAs("qian.jun", "tjj", "reviewer");
        (await reviewer.PostJson($"{enterprises2023}/corrections", new { period, value = 425m, unit = "家", reason = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await reviewer.PostJson($"{enterprises2023}/corrections", new { period, value = 425m, unit = "家", reason = "统计年鉴修订" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task After_an_admin_closes_the_plan_reports_are_refused()
    {
        var reporter = _host.ClientAs("li.wei", "gxj");
        (await _host.ClientAs("zhang.admin", "fgj", "admin").PostJson("/api/plans/qingzhou-2024/close", new { reason = "年度决算完成" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await reporter.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "after-close", period = "2024-06", value = 14m, unit = "亿元" });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _host.ClientAs("li.wei", "gxj").PostJson("/api/plans/qingzhou-2024/tasks/T-SME-INCUBATOR/progress",
            new { status = "InProgress", narrative = "x" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await _host.Viewer().GetAsync("/api/plans/qingzhou-2024")).Json()).GetProperty("closed").GetBoolean().ShouldBeTrue();
    }
}
