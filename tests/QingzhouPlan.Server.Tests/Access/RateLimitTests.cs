using System.Net;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Access;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_caller_over_its_bucket_gets_429_with_problem_details_and_others_are_unaffected()
    {
        await using var host = new PlanHost(overrides: new Dictionary<string, string?>
        {
            ["Api:RateLimit:Burst"] = "5",
            ["Api:RateLimit:PerSecond"] = "1",
        });
        var greedy = host.ClientAs("greedy", "tjj", "viewer");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            statuses.Add((await greedy.GetAsync("/api/units")).StatusCode);
        var limited = await greedy.GetAsync("/api/units");

        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBeLessThanOrEqualTo(7);
        if (limited.StatusCode == HttpStatusCode.TooManyRequests)
        {
            limited.Headers.RetryAfter.ShouldNotBeNull();
            (await limited.ProblemErrors()).ShouldContainKey("rate");
        }
        (await host.ClientAs("patient", "tjj", "viewer").GetAsync("/api/units")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.CreateClient().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
