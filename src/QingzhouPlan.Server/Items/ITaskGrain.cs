using Orleans.Concurrency;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Items;

/// <summary>One qualitative task of a plan, keyed by its stream key ("qingzhou-2024/T-RESORT-CREATE"), like <see cref="IIndicatorGrain"/>.</summary>
[Alias("ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Moves the task to a status with a narrative and evidence; impossible moves are refused.</summary>
    [Alias("ReportProgress")]
    Task<CommandResult> ReportProgress(ReportTaskProgress command, ActedBy actor, RetryKey? retryKey);

    /// <summary>Moves the task to another department from a date, with the basis.</summary>
    [Alias("Reassign")]
    Task<CommandResult> Reassign(ReassignOwner command, ActedBy actor, RetryKey? retryKey);

    /// <summary>Closes the task's plan year.</summary>
    [Alias("Close")]
    Task<CommandResult> Close(string reason, ActedBy actor);

    /// <summary>Applies what another writer committed to the stream up to <paramref name="version"/> (a form).</summary>
    [Alias("CatchUp")]
    Task CatchUp(long version, ActedBy actor);

    /// <summary>What the actor may do to the task today.</summary>
    [Alias("Permissions"), AlwaysInterleave]
    Task<IReadOnlyList<ItemAction>> Permissions(ActedBy actor);

    /// <summary>The task's status now; null when no such task.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<TaskStatusView?> GetStatus();
}
