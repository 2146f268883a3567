using Marten;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Reporting;

namespace QingzhouPlan.Server.Departments;

/// <summary>
/// Keeps a plan's item standings in memory. On activation it reads every item's stored state in two
/// queries (the inline documents written with the events); after that the items push each commit here
/// (a grain call, awaited: the change is in the summary before the command is acknowledged, and no
/// subscription lag sits between a write and a screen). Only the calendar depends on the clock, and it
/// is re-judged at read time, so a kept summary is right after midnight too.
/// </summary>
public sealed class PlanGrain(
    IDocumentStore store, [FromKeyedServices(Clocks.Business)] TimeProvider clock, IOptions<ReportingOptions> options, ILogger<PlanGrain> logger)
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

    public Task<FeedPage> ChangesSince(long sequence) =>
        Task.FromResult(new FeedPage(_epoch, _feed.Where(c => c.Sequence > sequence).ToList()));

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

    public async Task<Refusal?> Reorganise(ReorganisePlan command, ActedBy actor)
    {
        var (decided, refusal) = command.Kind switch
        {
            ReorganisationKind.Add => Reorganisation.Add(_plan, command.Department, command.Name ?? "", command.EffectiveFrom, command.Basis, actor),
            ReorganisationKind.Rename => Reorganisation.Rename(_plan, command.Department, command.Name ?? "", command.EffectiveFrom, command.Basis, actor),
            ReorganisationKind.Merge => Reorganisation.Merge(_plan, command.Merged, command.Department, command.EffectiveFrom, command.Basis, actor),
            ReorganisationKind.MoveItems => Reorganisation.MoveItems(_plan, command.Merged, command.Department, command.EffectiveFrom, command.Basis),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, null),
        };
        // A merge recorded before, whose item moves did not all finish, is retried by moving what is left.
        var recorded = command.Kind == ReorganisationKind.Merge
            && command.Merged.All(m => _plan.Departments.TryGetValue(m, out var d) && d.DissolvedOn == command.EffectiveFrom && d.MergedInto == command.Department);
        if (recorded)
            return await MoveItems(command, actor);
        if (refusal is not null)
            return refusal;
        if (decided is not null && await AppendToPlan(decided, actor) is { } conflict)
            return conflict;
        if (command.Kind is ReorganisationKind.Merge or ReorganisationKind.MoveItems)
            return await MoveItems(command, actor);
        return null;
    }

    public async Task<Refusal?> Close(string reason, ActedBy actor)
    {
        if (_plan.Adopted is null)
            return new Refusal(RefusalKind.NotFound, "planId", $"no plan '{PlanId}'");
        if (string.IsNullOrWhiteSpace(reason))
            return new Refusal(RefusalKind.Invalid, "reason", "a reason is required to close a plan");
        if (!_plan.Closed && await AppendToPlan(new PlanClosed(reason.Trim(), actor), actor) is { } conflict)
            return conflict;
        // Each item records its own closing, so its stream alone decides what it accepts; a retry closes the rest.
        foreach (var key in _indicators.Keys.Concat(_errors.Keys).ToList())
            await GrainFactory.GetGrain<IIndicatorGrain>(key).Close(reason, actor);
        foreach (var key in _tasks.Keys.ToList())
            await GrainFactory.GetGrain<ITaskGrain>(key).Close(reason, actor);
        return null;
    }

    // Every item the merged (or emptied) departments own on the effective date moves, each by its own event:
    // a retry of the same command moves what is left and leaves the moved items as they are.
    private async Task<Refusal?> MoveItems(ReorganisePlan command, ActedBy actor)
    {
        var move = new ReassignOwner(command.Department, command.EffectiveFrom, command.Basis, command.Reason);
        var indicators = _indicators.Values.Select(i => (i.Key, i.Owners)).Concat(_errors.Select(e => (e.Key, e.Value.Owners)));
        foreach (var (key, _) in indicators.Where(i => command.Merged.Contains(i.Owners.On(command.EffectiveFrom)?.Department)).ToList())
            if ((await GrainFactory.GetGrain<IIndicatorGrain>(key).Reassign(move, actor)).Refusal is { } refused)
                return refused with { Message = $"{PlanKeys.Split(key).Code}: {refused.Message}" };
        foreach (var task in _tasks.Values.Where(t => command.Merged.Contains(t.Owners.On(command.EffectiveFrom)?.Department)).ToList())
            if ((await GrainFactory.GetGrain<ITaskGrain>(task.Key).Reassign(move, actor)).Refusal is { } refused)
                return refused with { Message = $"{task.Code}: {refused.Message}" };
        return null;
    }

    private async Task<Refusal?> AppendToPlan(object @event, ActedBy actor)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = actor.CorrelationId;
        session.LastModifiedBy = actor.User;
        session.Events.Append(PlanId, _plan.Version + 1, @event);
        try
        {
            await session.SaveChangesAsync();
        }
        catch (JasperFx.ConcurrencyException)
        {
            // Another silo's activation wrote first: read the plan again and let the caller decide anew.
            await using var reader = store.QuerySession();
            _plan = (await reader.LoadAsync<PlanDocument>(PlanId))?.State ?? _plan;
            return new Refusal(RefusalKind.Conflict, "planId", "the plan changed at the same moment; look again and retry");
        }
        _plan = _plan.Apply(@event);
        return null;
    }
}
