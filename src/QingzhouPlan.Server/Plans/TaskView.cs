using QingzhouPlan.Server.Items;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Plans;

/// <summary>One qualitative task as the read API shows it, computed from its state on a day.</summary>
public sealed record TaskView(
    string Id,
    string PlanId,
    string Code,
    string Text,
    string Chapter,
    string OwnerDepartment,
    bool OwnerAssignedBySystem,
    string Source,
    Domain.Tasks.TaskStatus Status,
    IReadOnlyList<OwnerEntry> Owners,
    bool Closed,
    long Version)
{
    public static TaskView From(string id, TaskState state, DateOnly today)
    {
        var d = state.Definition!;
        return new TaskView(id, d.PlanId, d.Code, d.Text, d.Chapter, state.OwnerOn(today) ?? d.OwnerDepartment, d.OwnerAssignedBySystem,
            d.Source, state.Status, state.Owners.Entries, state.Closed, state.Version);
    }

    public static TaskView From(TaskDocument document, DateTimeOffset now) => From(document.Id, document.State, PlanClock.Today(now));
}
