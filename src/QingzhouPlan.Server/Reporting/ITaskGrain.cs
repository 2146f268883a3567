using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Reporting;

/// <summary>One qualitative task of a plan, keyed by its stream key ("qingzhou-2024/T-RESORT-CREATE").</summary>
[Alias("ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Moves the task to a status with a narrative and evidence; impossible moves are refused.</summary>
    [Alias("ReportProgress")]
    Task<CommandResult> ReportProgress(ReportTaskProgress command, ActedBy actor);

    /// <summary>The task's status now; null when no such task.</summary>
    [Alias("GetStatus")]
    Task<TaskStatusView?> GetStatus();
}

[GenerateSerializer, Immutable, Alias("TaskStatusView")]
public sealed record TaskStatusView(
    [property: Id(0)] string Key,
    [property: Id(1)] string Code,
    [property: Id(2)] string Text,
    [property: Id(3)] string Chapter,
    [property: Id(4)] string Department,
    [property: Id(5)] Domain.Tasks.TaskStatus Status,
    [property: Id(6)] int ProgressReports,
    [property: Id(7)] long Version);
