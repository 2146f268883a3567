namespace QingzhouPlan.Server.Tests.Support;

/// <summary>Waiting on a condition with a deadline, checked every 100 ms: never a fixed sleep.</summary>
public static class Wait
{
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
            await Task.Delay(100, deadline.Token);
    }

    public static Task Until(Func<bool> condition, TimeSpan timeout) => Until(() => Task.FromResult(condition()), timeout);
}
