namespace QingzhouPlan.Server.Plans;

/// <summary>The plan's change feed: what happened after a page's last change, and the pages watching.</summary>
public sealed partial class PlanGrain
{
    public Task<FeedPage> ChangesSince(long sequence) => Task.FromResult(_feed.Since(sequence));

    public Task Subscribe(IPlanObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IPlanObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}
