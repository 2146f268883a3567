namespace QingzhouPlan.Domain.Tasks;

/// <summary>A task as its events leave it.</summary>
public sealed record TaskState(TaskDefined? Definition, TaskStatus Status, int ProgressReports)
{
    public static readonly TaskState Empty = new(null, TaskStatus.NotStarted, 0);

    public TaskState Apply(object @event) => @event switch
    {
        TaskDefined defined => this with { Definition = defined },
        TaskProgressReported progress => this with { Status = progress.Status, ProgressReports = ProgressReports + 1 },
        _ => this,
    };
}
