using Marten;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// A plan's grain, with three jobs in three files: here its items' standings (<see cref="PlanStandings"/>),
/// read from every item's stored state in two queries on activation and then pushed by the items after each
/// commit (a grain call, awaited: the change is in the summary before the command is acknowledged, and no
/// subscription lag sits between a write and a screen); its change feed (PlanGrain.Feed); and its own
/// stream with the fan-out of a reorganisation or a closing to the items (PlanGrain.Reorganisation).
/// </summary>
public sealed partial class PlanGrain(
    IDocumentStore store, Appender appender, [FromKeyedServices(Clocks.Business)] TimeProvider clock, IOptions<ReportingOptions> options,
    ILogger<PlanGrain> logger)
    : Grain, IPlanGrain
{
    private readonly PlanStandings _standings = new();
    private PlanFeed _feed = null!;
    private ObserverManager<IPlanObserver> _observers = null!;
    private PlanState _plan = PlanState.Empty;

    private string PlanId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _observers = new ObserverManager<IPlanObserver>(TimeSpan.FromMinutes(5), logger);
        _feed = new PlanFeed(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        await using var session = store.QuerySession();
        _plan = (await session.LoadAsync<PlanDocument>(PlanId, cancellationToken))?.State ?? PlanState.Empty;
        _standings.Load(
            await session.Query<IndicatorDocument>().Where(d => d.PlanId == PlanId).ToListAsync(cancellationToken),
            await session.Query<TaskDocument>().Where(d => d.PlanId == PlanId).ToListAsync(cancellationToken),
            clock.GetUtcNow(), options.Value.GraceDays);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task ItemChanged(ItemChanged change)
    {
        // Items tell in commit order, but a reactivated plan may already hold a newer state than a late call.
        if (!_standings.Apply(change))
            return Task.CompletedTask;
        var now = clock.GetUtcNow();
        var entry = _feed.Add(sequence => new PlanChange(sequence, now, change.Key, PlanKeys.Split(change.Key).Code,
            change.Task is null ? "indicator" : "task",
            change.Owners.On(PlanClock.Today(now))?.Department ?? "",
            change.Indicator?.Status.ToString() ?? change.Task?.Status.ToString() ?? "Error", change.Version, change.Actor.User, _feed.Epoch));
        _observers.Notify(o => o.Changed(entry));
        return Task.CompletedTask;
    }

    public Task<PlanSummary?> GetSummary(Period? period) => Task.FromResult(_plan.Adopted is null
        ? null
        : _standings.Summary(PlanId, _plan, period, clock.GetUtcNow()));

    public Task<DepartmentSummary?> GetDepartmentSummary(string department, Period? period) => Task.FromResult(_plan.Adopted is null
        ? null
        : _standings.DepartmentSummary(PlanId, department, period, clock.GetUtcNow()));

    public Task<IReadOnlyList<string>> IndicatorKeysOf(string department) => Task.FromResult(_standings.IndicatorKeysOf(department));

    public Task<IReadOnlyList<IndicatorStatus>> IndicatorsOf(string department) =>
        Task.FromResult(_standings.IndicatorsOf(department, clock.GetUtcNow()));

    public Task<IReadOnlyList<IndicatorStatus>> Indicators() => Task.FromResult(_standings.IndicatorsOf(null, clock.GetUtcNow()));

    public Task<IReadOnlyList<string>> Departments(DateOnly? day)
    {
        var on = day ?? PlanClock.Today(clock.GetUtcNow());
        return Task.FromResult<IReadOnlyList<string>>(_plan.Departments.Values.Where(d => d.ExistsOn(on)).Select(d => d.Code).ToList());
    }
}
