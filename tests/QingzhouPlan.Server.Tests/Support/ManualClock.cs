namespace QingzhouPlan.Server.Tests.Support;

/// <summary>A business clock the test moves by hand; Beijing wall-clock times in, UTC instants out.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public static ManualClock At(int year, int month, int day, int hour = 10) =>
        new(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(8)));

    public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset at) => _now = at;

    public void Set(int year, int month, int day, int hour = 10) =>
        _now = new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(8));
}
