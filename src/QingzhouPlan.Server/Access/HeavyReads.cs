using Microsoft.AspNetCore.Http.HttpResults;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// Reads whose work grows with the store, rationed per server so that a few callers cannot keep it busy:
/// verification of every chain one at a time, and as-of reports, diffs and edition renders a few at a time.
/// Beyond that the answer is 429 with Retry-After at once, not a queue that grows.
/// </summary>
public sealed class HeavyReads
{
    private readonly SemaphoreSlim _verification = new(1, 1);
    private readonly SemaphoreSlim _reports = new(2, 2);

    public Task<IResult> Verification(HttpContext context, Func<Task<IResult>> read) =>
        Run(_verification, context, TimeSpan.FromSeconds(10), "a verification is already running on this server", read);

    public Task<IResult> Report(HttpContext context, Func<Task<IResult>> read) =>
        Run(_reports, context, TimeSpan.FromSeconds(2), "this server is building other reports", read);

    private static async Task<IResult> Run(SemaphoreSlim slots, HttpContext context, TimeSpan retryAfter, string busy, Func<Task<IResult>> read)
    {
        if (!await slots.WaitAsync(TimeSpan.Zero, context.RequestAborted))
        {
            context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Field(StatusCodes.Status429TooManyRequests, "rate", $"{busy}; retry after {retryAfter.TotalSeconds:0} s");
        }
        try
        {
            return await read();
        }
        finally
        {
            slots.Release();
        }
    }
}
