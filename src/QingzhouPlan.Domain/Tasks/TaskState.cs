using System.Collections.Immutable;
using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Domain.Tasks;

/// <summary>A task as its events leave it: the only fold of a task's stream, with its owners dated.</summary>
public sealed record TaskState(
    TaskDefined? Definition,
    TaskStatus Status,
    int ProgressReports,
    DatedHistory<OwnerEntry> Owners,
    ImmutableDictionary<string, TaskProgressReported> ProgressById,
    bool Closed,
    long Version)
{
    public static readonly TaskState Empty = new(null, TaskStatus.NotStarted, 0, DatedHistory<OwnerEntry>.None,
        ImmutableDictionary.Create<string, TaskProgressReported>(StringComparer.Ordinal), false, 0);

    /// <summary>The department that owned the task on a day, as known at an instant.</summary>
    public string? OwnerOn(DateOnly day, DateTimeOffset? knownAt = null) => Owners.On(day, knownAt)?.Department;

    /// <summary>The department answerable for the task in a period: the owner on the period's last day.</summary>
    public string? OwnerFor(Periods.Period period, DateTimeOffset? knownAt = null) => Owners.OwnerFor(period, knownAt);

    public TaskState Apply(object @event, DateTimeOffset recordedAt)
    {
        var version = Version + 1;
        var next = this with { Version = version };
        return @event switch
        {
            TaskDefined defined => next with
            {
                Definition = defined,
                // The first owner holds from the plan year's start (tasks defined before they carried a year: from always).
                Owners = Owners.With(new OwnerEntry(defined.OwnerDepartment,
                    defined.PlanYear > 0 ? new DateOnly(defined.PlanYear, 1, 1) : DateOnly.MinValue, recordedAt, version, defined.Source)),
            },
            TaskProgressReported progress => next with
            {
                Status = progress.Status,
                ProgressReports = ProgressReports + 1,
                ProgressById = progress.ProgressId is { } id ? ProgressById.SetItem(id, progress) : ProgressById,
            },
            OwnerReassigned moved => next with
            {
                Owners = Owners.With(new OwnerEntry(moved.Department, moved.EffectiveFrom, recordedAt, version, moved.Basis)),
            },
            ItemClosed => next with { Closed = true },
            _ => next,
        };
    }

    public static TaskState From(IEnumerable<(object Data, DateTimeOffset RecordedAt)> events) =>
        events.Aggregate(Empty, (state, e) => state.Apply(e.Data, e.RecordedAt));
}
