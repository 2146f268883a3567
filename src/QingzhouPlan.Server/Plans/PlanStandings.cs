using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// Every item's standing in a plan — an indicator's status or the error that keeps it from being judged, a
/// task's status — kept as the items report their commits, so a summary of the plan, a chapter or a
/// department is read from here. Only the calendar depends on the clock, and it is re-judged at read time.
/// </summary>
public sealed class PlanStandings
{
    private readonly Dictionary<string, IndicatorStatus> _indicators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskStatusView> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ItemError Error, DatedHistory<OwnerEntry> Owners)> _errors = new(StringComparer.Ordinal);

    public IEnumerable<string> IndicatorKeys => _indicators.Keys.Concat(_errors.Keys);

    public IEnumerable<string> TaskKeys => _tasks.Keys;

    public void Load(IEnumerable<IndicatorDocument> indicators, IEnumerable<TaskDocument> tasks, DateTimeOffset now, int graceDays)
    {
        foreach (var doc in indicators)
            Keep(doc.Id, IndicatorStatus.Evaluate(doc.Id, doc.State, now, graceDays), doc.State.Owners);
        foreach (var doc in tasks)
            if (TaskStatusView.From(doc.Id, doc.State, now) is { } status)
                _tasks[doc.Id] = status;
    }

    /// <summary>Takes an item's commit; false when a newer state is already kept (a late call after reactivation).</summary>
    public bool Apply(ItemChanged change)
    {
        var known = _indicators.GetValueOrDefault(change.Key)?.Version ?? _tasks.GetValueOrDefault(change.Key)?.Version;
        if (known >= change.Version)
            return false;
        if (change.Task is { } task)
            _tasks[task.Key] = task;
        else
            Keep(change.Key, (change.Indicator, change.Error), change.Owners);
        return true;
    }

    public PlanSummary Summary(string planId, PlanState plan, Period? period, DateTimeOffset now) =>
        Summaries.Plan(planId, plan, period, now, _indicators.Values, _tasks.Values)
            with { Errors = _errors.Values.Select(e => e.Error).OrderBy(e => e.Code, StringComparer.Ordinal).ToList() };

    public DepartmentSummary DepartmentSummary(string planId, string department, Period? period, DateTimeOffset now)
    {
        var day = period?.LastDay ?? PlanClock.Today(now);
        var errors = _errors.Values.Where(e => e.Owners.On(day)?.Department == department).Select(e => e.Error).ToList();
        return Summaries.Department(planId, department, period, now, _indicators.Values, _tasks.Values) with { Errors = errors };
    }

    /// <summary>The indicators a department has owned at some time, errors included: the ones whose deadlines it answers for.</summary>
    public IReadOnlyList<string> IndicatorKeysOf(string department) =>
        _indicators.Values.Select(i => (i.Key, i.Owners)).Concat(_errors.Select(e => (e.Key, e.Value.Owners)))
            .Where(i => i.Owners.Entries.Any(o => o.Department == department)).Select(i => i.Key).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<IndicatorStatus> IndicatorsOf(string? department, DateTimeOffset now) =>
        _indicators.Values
            .Where(i => department is null || i.Owners.Entries.Any(o => o.Department == department))
            .OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.At(now)).ToList();

    /// <summary>The items (with errors) that a department owns on a day: the ones a merge or a move takes along.</summary>
    public IReadOnlyList<string> IndicatorsOwnedOn(IReadOnlyCollection<string> departments, DateOnly day) =>
        _indicators.Values.Select(i => (i.Key, i.Owners)).Concat(_errors.Select(e => (e.Key, e.Value.Owners)))
            .Where(i => departments.Contains(i.Owners.On(day)?.Department ?? "")).Select(i => i.Key).ToList();

    public IReadOnlyList<TaskStatusView> TasksOwnedOn(IReadOnlyCollection<string> departments, DateOnly day) =>
        _tasks.Values.Where(t => departments.Contains(t.Owners.On(day)?.Department ?? "")).ToList();

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
}
