using Marten;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// Keeps a plan's item standings in memory. On activation it reads every item's stored state in two
/// queries (the inline documents written with the events); after that the items push each commit here
/// (a grain call, awaited: the change is in the summary before the command is acknowledged, and no
/// subscription lag sits between a write and a screen). Only the calendar depends on the clock, and it
/// is re-judged at read time, so a kept summary is right after midnight too.
/// </summary>
public sealed partial class PlanGrain(
    IDocumentStore store, Appender appender, [FromKeyedServices(Clocks.Business)] TimeProvider clock, IOptions<ReportingOptions> options,
    ILogger<PlanGrain> logger)
    : Grain, IPlanGrain
{
    public const int FeedLength = 2000;

    private readonly Dictionary<string, IndicatorStatus> _indicators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskStatusView> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ItemError Error, DatedHistory<OwnerEntry> Owners)> _errors = new(StringComparer.Ordinal);
    private readonly LinkedList<PlanChange> _feed = new();
    private ObserverManager<IPlanObserver> _observers = null!;
    private PlanState _plan = PlanState.Empty;
    private long _sequence;
    private long _epoch;

    private string PlanId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _observers = new ObserverManager<IPlanObserver>(TimeSpan.FromMinutes(5), logger);
        _epoch = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var now = clock.GetUtcNow();
        await using var session = store.QuerySession();
        _plan = (await session.LoadAsync<PlanDocument>(PlanId, cancellationToken))?.State ?? PlanState.Empty;
        foreach (var doc in await session.Query<IndicatorDocument>().Where(d => d.PlanId == PlanId).ToListAsync(cancellationToken))
            Keep(doc.Id, IndicatorStatus.Evaluate(doc.Id, doc.State, now, options.Value.GraceDays), doc.State.Owners);
        foreach (var doc in await session.Query<TaskDocument>().Where(d => d.PlanId == PlanId).ToListAsync(cancellationToken))
            if (TaskStatusView.From(doc.Id, doc.State, now) is { } status)
                _tasks[doc.Id] = status;
        await base.OnActivateAsync(cancellationToken);
    }

    public Task ItemChanged(ItemChanged change)
    {
        // Items tell in commit order, but a reactivated plan may already hold a newer state than a late call.
        var known = _indicators.GetValueOrDefault(change.Key)?.Version ?? _tasks.GetValueOrDefault(change.Key)?.Version;
        if (known >= change.Version)
            return Task.CompletedTask;
        if (change.Task is { } task)
            _tasks[task.Key] = task;
        else
            Keep(change.Key, (change.Indicator, change.Error), change.Owners);

        var today = PlanClock.Today(clock.GetUtcNow());
        var entry = new PlanChange(++_sequence, clock.GetUtcNow(), change.Key, PlanKeys.Split(change.Key).Code,
            change.Task is null ? "indicator" : "task",
            change.Owners.On(today)?.Department ?? "",
            change.Indicator?.Status.ToString() ?? change.Task?.Status.ToString() ?? "Error", change.Version, change.Actor.User, _epoch);
        _feed.AddLast(entry);
        if (_feed.Count > FeedLength)
            _feed.RemoveFirst();
        _observers.Notify(o => o.Changed(entry));
        return Task.CompletedTask;
    }

    public Task<PlanSummary?> GetSummary(Period? period) => Task.FromResult(_plan.Adopted is null
        ? null
        : Summaries.Plan(PlanId, _plan, period, clock.GetUtcNow(), _indicators.Values, _tasks.Values)
            with { Errors = _errors.Values.Select(e => e.Error).OrderBy(e => e.Code, StringComparer.Ordinal).ToList() });

    public Task<DepartmentSummary?> GetDepartmentSummary(string department, Period? period)
    {
        if (_plan.Adopted is null)
            return Task.FromResult<DepartmentSummary?>(null);
        var day = period?.LastDay ?? PlanClock.Today(clock.GetUtcNow());
        var errors = _errors.Values.Where(e => e.Owners.On(day)?.Department == department).Select(e => e.Error).ToList();
        return Task.FromResult<DepartmentSummary?>(
            Summaries.Department(PlanId, department, period, clock.GetUtcNow(), _indicators.Values, _tasks.Values) with { Errors = errors });
    }

    /// <summary>An indicator's standing, or — when its events cannot be judged — its error, shown as such in every summary.</summary>
    private void Keep(string key, (IndicatorStatus? Status, ItemError? Error) evaluated, DatedHistory<OwnerEntry> owners)
    {
        if (evaluated.Status is { } status)
        {
            _indicators[key] = status;
            _errors.Remove(key);
        }
        else if (evaluated.Error is { } error)
        {
            _indicators.Remove(key);
            _errors[key] = (error, owners);
        }
    }

    public Task<IReadOnlyList<string>> IndicatorKeysOf(string department) => Task.FromResult<IReadOnlyList<string>>(
        _indicators.Values.Select(i => (i.Key, i.Owners)).Concat(_errors.Select(e => (e.Key, e.Value.Owners)))
            .Where(i => i.Owners.Entries.Any(o => o.Department == department)).Select(i => i.Key).Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<IndicatorStatus>> IndicatorsOf(string department)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<IReadOnlyList<IndicatorStatus>>(_indicators.Values
            .Where(i => i.Owners.Entries.Any(o => o.Department == department))
            .OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.At(now)).ToList());
    }

    public Task<IReadOnlyList<IndicatorStatus>> Indicators()
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<IReadOnlyList<IndicatorStatus>>(_indicators.Values.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.At(now)).ToList());
    }

    public Task<IReadOnlyList<string>> Departments(DateOnly? day)
    {
        var on = day ?? PlanClock.Today(clock.GetUtcNow());
        return Task.FromResult<IReadOnlyList<string>>(_plan.Departments.Values
            .Where(d => d.ExistsOn(on)).Select(d => d.Code).ToList());
    }

}
