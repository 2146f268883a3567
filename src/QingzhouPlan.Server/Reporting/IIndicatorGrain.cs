using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;

namespace QingzhouPlan.Server.Reporting;

/// <summary>
/// One plan indicator. Its key is the indicator's stream key ("qingzhou-2024/GDP"). The grain serialises
/// commands to its stream and answers only after Marten has committed the event.
/// </summary>
[Alias("IIndicatorGrain")]
public interface IIndicatorGrain : IGrainWithStringKey
{
    /// <summary>Reports a figure for a period; idempotent on the report id.</summary>
    [Alias("Report")]
    Task<CommandResult> Report(ReportValue command, ActedBy actor);

    /// <summary>The indicator as its events leave it, for reads.</summary>
    [Alias("GetSnapshot")]
    Task<IndicatorSnapshot?> GetSnapshot();
}
