using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Server.Demo;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>A host whose store holds the 2024 plan, loaded on its adoption day, and the scripted year after it.</summary>
public sealed class ScriptedYearHost : IAsyncLifetime
{
    public ManualClock Clock { get; } = ManualClock.At(2024, 1, 12, 9);

    public PlanHost Host { get; }

    public ScriptedYearSummary Summary { get; private set; } = null!;

    public ScriptedYearHost() => Host = new PlanHost(clock: Clock);

    public async Task InitializeAsync()
    {
        Host.CreateClient();
        Summary = await Host.Services.GetRequiredService<ScriptedYear>().Run("qingzhou-2024", Clock.Set);
        Clock.Set(2025, 2, 1);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
