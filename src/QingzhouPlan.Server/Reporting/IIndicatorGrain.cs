using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;

namespace QingzhouPlan.Server.Reporting;

/// <summary>
/// One plan indicator, keyed by its stream key ("qingzhou-2024/GDP"). Commands are serialised through
/// the grain and each accepted one appends exactly one event; the answer comes after Marten's commit.
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

    /// <summary>The indicator's figures and target as held in memory; null when no such indicator.</summary>
    [Alias("GetSnapshot")]
    Task<IndicatorSnapshot?> GetSnapshot();

    /// <summary>Progress of the latest figure against target and 序时进度, and the reporting calendar, as of now.</summary>
    [Alias("GetStatus")]
    Task<IndicatorStatus?> GetStatus();
}
