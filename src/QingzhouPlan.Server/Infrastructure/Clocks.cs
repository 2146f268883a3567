namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// The plan's business clock — recorded event times, 序时进度, deadlines — is a keyed TimeProvider of its
/// own, so tests and the scripted year can move it to 2024 without moving the clocks Orleans and
/// ASP.NET Core use for their own timers and timeouts.
/// </summary>
public static class Clocks
{
    public const string Business = "business";

    public static IServiceCollection AddBusinessClock(this IServiceCollection services) =>
        services.AddSingleton<SwitchableClock>().AddKeyedSingleton<TimeProvider>(Business, (sp, _) => sp.GetRequiredService<SwitchableClock>());

    public static TimeProvider BusinessClock(this IServiceProvider services) =>
        services.GetRequiredKeyedService<TimeProvider>(Business);
}
