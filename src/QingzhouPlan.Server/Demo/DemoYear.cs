using QingzhouPlan.Server.Items;
using Marten;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Demo;

/// <summary>
/// With Demo:ScriptedYear=true (infra/start.sh --demo), fills a store that has the plan but no figures
/// with the scripted year before the API opens, so a new user sees a populated system at once.
/// </summary>
public sealed class DemoYear(IConfiguration configuration, IDocumentStore store, ScriptedYear year, SwitchableClock clock, ILogger<DemoYear> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Demo:ScriptedYear", false))
            return;
        var planId = configuration["Demo:Plan"] ?? "qingzhou-2024";
        await using (var session = store.QuerySession())
        {
            var indicators = await session.Query<IndicatorDocument>().Where(i => i.PlanId == planId).ToListAsync(cancellationToken);
            if (indicators.Any(i => !i.State.Figures.IsEmpty))
            {
                logger.LogInformation("Plan {Plan} already has figures; the scripted year is not run again", planId);
                return;
            }
        }
        var started = DateTimeOffset.UtcNow;
        try
        {
            var summary = await year.Run(planId, clock.Pin, cancellationToken: cancellationToken);
            logger.LogInformation("Scripted year of {Plan}: {Steps} steps in {Seconds:0.0} s, accepted {Accepted}, refused {Refused}",
                planId, summary.Steps, (DateTimeOffset.UtcNow - started).TotalSeconds,
                string.Join(", ", summary.Accepted.Select(a => $"{a.Key} {a.Value}")), summary.Refused);
        }
        finally
        {
            clock.Release();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
