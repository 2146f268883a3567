using Orleans.Concurrency;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Items;

/// <summary>One qualitative task of a plan, keyed by its stream key ("qingzhou-2024/T-RESORT-CREATE").</summary>
[Alias("ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Moves the task to a status with a narrative and evidence; impossible moves are refused.</summary>
    [Alias("ReportProgress")]
    Task<CommandResult> ReportProgress(ReportTaskProgress command, ActedBy actor);

    /// <summary>Moves the task to another department from a date, with the basis.</summary>
    [Alias("Reassign")]
    Task<CommandResult> Reassign(ReassignOwner command, ActedBy actor);

    /// <summary>Closes the task's plan year.</summary>
    [Alias("Close")]
    Task<CommandResult> Close(string reason, ActedBy actor);

    /// <summary>Reads the stream again when events up to <paramref name="version"/> were appended beside the grain (a committed form).</summary>
    [Alias("Refresh")]
    Task Refresh(long version, ActedBy actor);

    /// <summary>The task's status now; null when no such task.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<TaskStatusView?> GetStatus();
}
