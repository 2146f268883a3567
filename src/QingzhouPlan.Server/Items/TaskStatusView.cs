using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Items;

/// <summary>A task's standing: its status and owners over time, computed from its state.</summary>
[GenerateSerializer, Immutable, Alias("TaskStatusView")]
public sealed record TaskStatusView(
    [property: Id(0)] string Key,
    [property: Id(1)] string Code,
    [property: Id(2)] string Text,
    [property: Id(3)] string Chapter,
    [property: Id(4)] string Department,
    [property: Id(5)] Domain.Tasks.TaskStatus Status,
    [property: Id(6)] int ProgressReports,
    [property: Id(7)] long Version,
    [property: Id(8)] DatedHistory<OwnerEntry> Owners,
    [property: Id(9)] bool Closed)
{
    public static TaskStatusView? From(string key, TaskState state, DateTimeOffset now) => state.Definition is { } d
        ? new TaskStatusView(key, d.Code, d.Text, d.Chapter, state.OwnerOn(PlanClock.Today(now)) ?? "", state.Status,
            state.ProgressReports, state.Version, state.Owners, state.Closed)
        : null;

    public TaskStatusView At(DateTimeOffset now) => this with { Department = Owners.On(PlanClock.Today(now))?.Department ?? "" };

    public string OwnerFor(Period period) => Owners.OwnerFor(period) ?? "";
}
