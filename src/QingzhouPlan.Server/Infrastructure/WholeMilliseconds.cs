namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// Event timestamps to the whole millisecond: PostgreSQL keeps microseconds and .NET ticks, so a finer
/// time would not read back as it was hashed into the tamper-evidence chain.
/// </summary>
public sealed class WholeMilliseconds(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
