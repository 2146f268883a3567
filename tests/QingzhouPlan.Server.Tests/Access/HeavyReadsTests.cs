using Microsoft.AspNetCore.Http;
using QingzhouPlan.Server.Access;

namespace QingzhouPlan.Server.Tests.Access;

/// <summary>Reads that grow with the store are rationed: one verification at a time, a few reports, 429 with Retry-After beyond.</summary>
public sealed class HeavyReadsTests
{
    [Fact]
    public async Task A_second_verification_while_one_runs_is_answered_429_with_retry_after_and_the_next_one_runs()
    {
        var heavy = new HeavyReads();
        var release = new TaskCompletionSource<IResult>();
        var first = heavy.Verification(new DefaultHttpContext(), () => release.Task);

        var context = new DefaultHttpContext();
        var second = await heavy.Verification(context, () => Task.FromResult(Results.Ok()));
        second.ShouldBeAssignableTo<IStatusCodeHttpResult>()!.StatusCode.ShouldBe(StatusCodes.Status429TooManyRequests);
        context.Response.Headers.RetryAfter.ToString().ShouldBe("10");

        release.SetResult(Results.Ok());
        (await first).ShouldBeAssignableTo<IStatusCodeHttpResult>()!.StatusCode.ShouldBe(StatusCodes.Status200OK);
        (await heavy.Verification(new DefaultHttpContext(), () => Task.FromResult(Results.Ok()))).ShouldBeAssignableTo<IStatusCodeHttpResult>()!
            .StatusCode.ShouldBe(StatusCodes.Status200OK);
    }

    [Fact]
    public async Task Reports_run_two_at_a_time()
    {
        var heavy = new HeavyReads();
        var release = new TaskCompletionSource<IResult>();
        var running = new[] { heavy.Report(new DefaultHttpContext(), () => release.Task), heavy.Report(new DefaultHttpContext(), () => release.Task) };

        var third = await heavy.Report(new DefaultHttpContext(), () => Task.FromResult(Results.Ok()));

        third.ShouldBeAssignableTo<IStatusCodeHttpResult>()!.StatusCode.ShouldBe(StatusCodes.Status429TooManyRequests);
        release.SetResult(Results.Ok());
        await Task.WhenAll(running);
    }
}
