using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// What an item grain tells its plan after a commit: its new standing and who acted. An item whose events
/// cannot be judged sends its error instead of a standing, with its owners.
/// </summary>
[GenerateSerializer, Immutable, Alias("ItemChanged")]
public sealed record ItemChanged(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] IndicatorStatus? Indicator,
    [property: Id(3)] TaskStatusView? Task,
    [property: Id(4)] ItemError? Error,
    [property: Id(5)] DatedHistory<OwnerEntry> Owners,
    [property: Id(6)] ActedBy Actor);

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
    [property: Id(8)] string User,
    [property: Id(9)] long Epoch);

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
            // A plan grain that was unreachable (its silo failing over) reads every item's state when it next activates.
            logger.LogInformation("Plan {Plan} was not told of the change to {Item} (version {Version}); it reads it when it next activates: {Error}",
                planId, change.Key, change.Version, ex.Message);
        }
    }

    public static Task Send(IGrainFactory grains, string planId, string key, Domain.Indicators.IndicatorState state, DateTimeOffset now, int graceDays,
        ActedBy actor, ILogger logger)
    {
        var (status, error) = IndicatorStatus.Evaluate(key, state, now, graceDays);
        return Send(grains, planId, new ItemChanged(key, state.Version, status, null, error, state.Owners, actor), logger);
    }
}
