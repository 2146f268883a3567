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

    /// <summary>Whether the condition came true within the time given; for a wait that may rightly run out.</summary>
    public static async Task<bool> Whether(Func<Task<bool>> condition, TimeSpan within)
    {
        try
        {
            await Until(condition, within);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
