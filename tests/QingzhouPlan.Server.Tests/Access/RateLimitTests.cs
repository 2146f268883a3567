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

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
            responses.Add(await greedy.GetAsync("/api/units"));

        // Five in the burst and at most two refills in the seconds twelve calls take; the first refused is examined.
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBeLessThanOrEqualTo(7);
        var limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldNotBeNull("no call was refused");
        limited.Headers.RetryAfter.ShouldNotBeNull();
        (await limited.ProblemErrors()).ShouldContainKey("rate");
        (await host.ClientAs("patient", "tjj", "viewer").GetAsync("/api/units")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.CreateClient().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
