namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// The business clock of a running server: real time, unless pinned to a moment — which is how the
/// scripted year records a plausible 2024 through the real command path before the API opens.
/// </summary>
public sealed class SwitchableClock : TimeProvider
{
    private DateTimeOffset? _pinned;

    public override DateTimeOffset GetUtcNow() => _pinned ?? System.GetUtcNow();

    public void Pin(DateTimeOffset at) => _pinned = at.ToUniversalTime();

    public void Release() => _pinned = null;
}
