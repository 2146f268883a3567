using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// A grain that takes a report's arguments, exactly as the indicator grain does, and does nothing with them:
/// what one grain call costs on the write path, with its activation, scheduling and argument copies.
/// </summary>
[Alias("QingzhouPlan.Benchmarks.ICeilingGrain")]
public interface ICeilingGrain : IGrainWithStringKey
{
    [Alias("Report")]
    Task<CommandResult> Report(ReportValue command, ActedBy actor, RetryKey? retryKey, long? expectedVersion);
}

public sealed class CeilingGrain : Grain, ICeilingGrain
{
    private long _version;

    public Task<CommandResult> Report(ReportValue command, ActedBy actor, RetryKey? retryKey, long? expectedVersion) =>
        Task.FromResult(CommandResult.Committed(++_version));
}
