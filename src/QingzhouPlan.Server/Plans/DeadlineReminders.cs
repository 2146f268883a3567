using Marten;
using QingzhouPlan.Domain.Plans;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// At start, after the silo is up, every department of every plan registers its deadline reminder, on the
/// schedule it kept in PostgreSQL. A registration that exists already is only confirmed, so each start (or each
/// silo) may do it.
/// </summary>
public sealed class DeadlineReminders(IDocumentStore store, IGrainFactory grains, IConfiguration configuration, ILogger<DeadlineReminders> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Reporting:Reminders", true))
            return;
        await using var session = store.QuerySession();
        var plans = await session.Query<PlanDocument>().ToListAsync(cancellationToken);
        foreach (var plan in plans.Where(p => !p.State.Closed))
            foreach (var department in plan.State.Departments.Keys)
                await grains.GetGrain<IDepartmentGrain>(PlanKeys.Department(plan.Id, department)).Start();
        logger.LogInformation("Deadline reminders registered for {Departments} departments of {Plans} plans",
            plans.Sum(p => p.State.Departments.Count), plans.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
