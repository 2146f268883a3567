using Orleans.Concurrency;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// One plan indicator, keyed by its stream key ("qingzhou-2024/GDP"). Commands are serialised through
/// the grain; the events each decides are appended in one transaction and the answer comes after
/// Marten's commit. Reads interleave with a write in flight: they see the state before or after it, never half.
/// A command's retry key (the client's Idempotency-Key, bound to the command) is answered only to its own
/// user, and only once the item allows the user to do what it retries.
/// </summary>
[Alias("IIndicatorGrain")]
public interface IIndicatorGrain : IGrainWithStringKey
{
    /// <summary>Reports a figure for a period; idempotent on the report id; with an expected version, only onto that version.</summary>
    [Alias("Report")]
    Task<CommandResult> Report(ReportValue command, ActedBy actor, RetryKey? retryKey, long? expectedVersion);

    /// <summary>Replaces the figure standing for a period, with a reason.</summary>
    [Alias("Correct")]
    Task<CommandResult> Correct(CorrectValue command, ActedBy actor, RetryKey? retryKey);

    /// <summary>Withdraws the figure standing for a period, with a reason.</summary>
    [Alias("Retract")]
    Task<CommandResult> Retract(RetractValue command, ActedBy actor, RetryKey? retryKey);

    /// <summary>Confirms the figure standing for a period.</summary>
    [Alias("Verify")]
    Task<CommandResult> Verify(VerifyValue command, ActedBy actor, RetryKey? retryKey);

    /// <summary>Changes the target from a date, with reason and legal basis.</summary>
    [Alias("AdjustTarget")]
    Task<CommandResult> AdjustTarget(AdjustTarget command, ActedBy actor, RetryKey? retryKey);

    /// <summary>Moves the indicator to another department from a date, with the basis (the caller checks the department exists then).</summary>
    [Alias("Reassign")]
    Task<CommandResult> Reassign(ReassignOwner command, ActedBy actor, RetryKey? retryKey);

    /// <summary>Closes the indicator's plan year: afterwards only reviewers' corrections change it.</summary>
    [Alias("Close")]
    Task<CommandResult> Close(string reason, ActedBy actor);

    /// <summary>A round's step for this figure alone (send one figure back, approve it, submit it).</summary>
    [Alias("Step")]
    Task<CommandResult> Step(Domain.Rounds.RoundStep step, ActedBy actor);

    /// <summary>
    /// A round's step decided for this item's part in a department's round, not appended: the department's grain
    /// commits every item's part together. Items the department does not own for the period take no part.
    /// </summary>
    [Alias("PrepareRound")]
    Task<RoundPart> PrepareRound(Domain.Rounds.RoundStep step, string department, ActedBy actor);

    /// <summary>Reopens entry for a period after its window closed, until an instant (reviewers).</summary>
    [Alias("OpenException")]
    Task<CommandResult> OpenException(Domain.Rounds.OpenWindowException command, ActedBy actor, RetryKey? retryKey);

    /// <summary>Raises the escalations that missing reports call for at the business clock's now.</summary>
    [Alias("CheckDeadlines")]
    Task<CommandResult> CheckDeadlines();

    /// <summary>
    /// Applies what another writer committed to the stream up to <paramref name="version"/> (a form), reading
    /// only the events after its own, and tells the plan of the change.
    /// </summary>
    [Alias("CatchUp")]
    Task CatchUp(long version, ActedBy actor);

    /// <summary>What the actor may do to the indicator today (the page shows only those controls).</summary>
    [Alias("Permissions"), AlwaysInterleave]
    Task<IReadOnlyList<ItemAction>> Permissions(ActedBy actor);

    /// <summary>The indicator's figures and target as held in memory; null when no such indicator.</summary>
    [Alias("GetFigures"), AlwaysInterleave]
    Task<IndicatorFigures?> GetFigures();

    /// <summary>Progress of the latest figure against target and 序时进度, and the reporting calendar, as of now.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<IndicatorStatus?> GetStatus();
}
