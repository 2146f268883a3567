using QingzhouPlan.Domain;
using QingzhouPlan.Server.Reporting;

namespace QingzhouPlan.Server.Departments;

/// <summary>What an item grain tells its plan after a commit: its new standing, the version before, who acted.</summary>
[GenerateSerializer, Immutable, Alias("ItemChanged")]
public sealed record ItemChanged(
    [property: Id(0)] IndicatorStatus? Indicator,
    [property: Id(1)] TaskStatusView? Task,
    [property: Id(2)] long PreviousVersion,
    [property: Id(3)] ActedBy Actor)
{
    public string Key => Indicator?.Key ?? Task!.Key;

    public long Version => Indicator?.Version ?? Task!.Version;
}

/// <summary>
/// One entry of a plan's change feed: which item changed, to what standing, by whom. Numbered in the
/// order the plan's grain received them, so a page that reconnects asks for what came after the last it saw.
/// </summary>
[GenerateSerializer, Immutable, Alias("PlanChange")]
public sealed record PlanChange(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Item,
    [property: Id(3)] string Code,
    [property: Id(4)] string Kind,
    [property: Id(5)] string Department,
    [property: Id(6)] string Status,
    [property: Id(7)] long Version,
    [property: Id(8)] string User);

/// <summary>A watcher of a plan's change feed (a page's live connection).</summary>
[Alias("IPlanObserver")]
public interface IPlanObserver : IGrainObserver
{
    [Alias("Changed")]
    void Changed(PlanChange change);
}

public static class PlanNotice
{
    /// <summary>
    /// Tells the plan's grain about a committed change. The commit already stands, so a failure here is
    /// logged, not thrown: the plan's grain reads every item's stored state again when it next activates.
    /// </summary>
    public static async Task Send(IGrainFactory grains, string planId, ItemChanged change, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IPlanGrain>(planId).ItemChanged(change);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Plan {Plan} was not told of the change to {Item} (version {Version}): {Error}", planId, change.Key, change.Version, ex.Message);
        }
    }
}
