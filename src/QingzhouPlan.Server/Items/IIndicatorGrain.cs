using Orleans.Concurrency;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// One plan indicator, keyed by its stream key ("qingzhou-2024/GDP"). Commands are serialised through
/// the grain; the events each decides are appended in one transaction and the answer comes after
/// Marten's commit. Reads interleave with a write in flight: they see the state before or after it, never half.
/// </summary>
[Alias("IIndicatorGrain")]
public interface IIndicatorGrain : IGrainWithStringKey
{
    /// <summary>Reports a figure for a period; idempotent on the report id.</summary>
    [Alias("Report")]
    Task<CommandResult> Report(ReportValue command, ActedBy actor);

    /// <summary>Replaces the figure standing for a period, with a reason.</summary>
    [Alias("Correct")]
    Task<CommandResult> Correct(CorrectValue command, ActedBy actor);

    /// <summary>Withdraws the figure standing for a period, with a reason.</summary>
    [Alias("Retract")]
    Task<CommandResult> Retract(RetractValue command, ActedBy actor);

    /// <summary>Confirms the figure standing for a period.</summary>
    [Alias("Verify")]
    Task<CommandResult> Verify(VerifyValue command, ActedBy actor);

    /// <summary>Changes the target from a date, with reason and legal basis.</summary>
    [Alias("AdjustTarget")]
    Task<CommandResult> AdjustTarget(AdjustTarget command, ActedBy actor);

    /// <summary>Moves the indicator to another department from a date, with the basis (the caller checks the department exists then).</summary>
    [Alias("Reassign")]
    Task<CommandResult> Reassign(ReassignOwner command, ActedBy actor);

    /// <summary>Closes the indicator's plan year: afterwards only reviewers' corrections change it.</summary>
    [Alias("Close")]
    Task<CommandResult> Close(string reason, ActedBy actor);

    /// <summary>Raises the escalations that missing reports call for at the business clock's now.</summary>
    [Alias("CheckDeadlines")]
    Task<CommandResult> CheckDeadlines();

    /// <summary>
    /// Reads the stream again when events up to <paramref name="version"/> were appended beside the grain
    /// (a committed form), and tells the plan of the change.
    /// </summary>
    [Alias("Refresh")]
    Task Refresh(long version, ActedBy actor);

    /// <summary>The indicator's figures and target as held in memory; null when no such indicator.</summary>
    [Alias("GetSnapshot"), AlwaysInterleave]
    Task<IndicatorSnapshot?> GetSnapshot();

    /// <summary>Progress of the latest figure against target and 序时进度, and the reporting calendar, as of now.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<IndicatorStatus?> GetStatus();
}
