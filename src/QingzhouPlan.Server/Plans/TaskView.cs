using JasperFx.Events;
using Marten.Events.Aggregation;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Plans;

/// <summary>The read model of one qualitative task, kept inline with its events.</summary>
public sealed record TaskView(
    string Id,
    string PlanId,
    string Code,
    string Text,
    string Chapter,
    string OwnerDepartment,
    bool OwnerAssignedBySystem,
    string Source,
    Domain.Tasks.TaskStatus Status);

public sealed class TaskViewProjection : SingleStreamProjection<TaskView, string>
{
    public TaskView Create(IEvent<TaskDefined> e)
    {
        var d = e.Data;
        return new TaskView(e.StreamKey!, d.PlanId, d.Code, d.Text, d.Chapter, d.OwnerDepartment, d.OwnerAssignedBySystem,
            d.Source, Domain.Tasks.TaskStatus.NotStarted);
    }

    public TaskView Apply(TaskProgressReported e, TaskView view) => view with { Status = e.Status };
}
