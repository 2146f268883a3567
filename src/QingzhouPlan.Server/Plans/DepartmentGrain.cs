using Marten;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>A department within a plan, keyed "qingzhou-2024/gxj": its summary, and the reminder that pursues its deadlines.</summary>
[Alias("IDepartmentGrain")]
public interface IDepartmentGrain : IGrainWithStringKey
{
    /// <summary>Met / on track / lagging / no data / late over the department's items, now or for a period.</summary>
    [Alias("GetSummary")]
    Task<DepartmentSummary?> GetSummary(Period? period);

    /// <summary>Registers the deadline reminder (idempotent).</summary>
    [Alias("Start")]
    Task Start();

    /// <summary>Asks each of the department's indicators to raise the escalations due at the business clock's now; returns how many changed.</summary>
    [Alias("CheckDeadlines")]
    Task<int> CheckDeadlines();

    /// <summary>A step for the department's whole round of a period: every figure it applies to, in one transaction.</summary>
    [Alias("TakeRoundStep")]
    Task<RoundAnswer> TakeRoundStep(Domain.Rounds.RoundStep step, Domain.ActedBy actor);
}

/// <summary>
/// The department's summary is read from the plan's grain, which keeps every item's standing: one copy,
/// so the plan's and the department's counts cannot disagree. What the department itself holds is its
/// deadline reminder, ticking on the schedule kept in PostgreSQL (<see cref="DeadlineSchedule"/>): a reminder
/// held in memory is registered anew at every start, and would otherwise start its interval again each time.
/// </summary>
public sealed partial class DepartmentGrain(
    IDocumentStore store, Appender appender, [FromKeyedServices(Infrastructure.Clocks.Business)] TimeProvider clock, IOptions<ReportingOptions> options,
    ILogger<DepartmentGrain> logger)
    : Grain, IDepartmentGrain, IRemindable
{
    // The schedule is kept in real time, whatever the business clock says.
    private static readonly TimeProvider RealClock = TimeProvider.System;

    private const string DeadlineReminder = "deadlines";

    private (string PlanId, string Department) Key => PlanKeys.Split(this.GetPrimaryKeyString());

    public Task<DepartmentSummary?> GetSummary(Period? period) =>
        GrainFactory.GetGrain<IPlanGrain>(Key.PlanId).GetDepartmentSummary(Key.Department, period);

    public async Task Start()
    {
        var every = options.Value.DeadlineCheckEvery;
        await using var session = store.LightweightSession();
        var schedule = await session.LoadAsync<DeadlineSchedule>(this.GetPrimaryKeyString());
        if (schedule is null)
        {
            // The first start of a department's schedule: its first check is one interval from now.
            schedule = new DeadlineSchedule(this.GetPrimaryKeyString(), RealClock.GetUtcNow() + every);
            session.Store(schedule);
            await session.SaveChangesAsync();
        }
        var due = schedule.NextAt - RealClock.GetUtcNow();
        // Overdue (the server was down when it fell due): soon, not a whole interval later.
        await this.RegisterOrUpdateReminder(DeadlineReminder, due > TimeSpan.Zero ? due : TimeSpan.FromSeconds(1), every);
    }

    public async Task<int> CheckDeadlines()
    {
        var changed = 0;
        foreach (var key in await GrainFactory.GetGrain<IPlanGrain>(Key.PlanId).IndicatorKeysOf(Key.Department))
            if ((await GrainFactory.GetGrain<IIndicatorGrain>(key).CheckDeadlines()).Appended)
                changed++;
        if (changed > 0)
            logger.LogInformation("Deadlines of {Department} in {Plan}: {Changed} indicators escalated", Key.Department, Key.PlanId, changed);
        return changed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder)
            return;
        await CheckDeadlines();
        await using var session = store.LightweightSession();
        session.Store(new DeadlineSchedule(this.GetPrimaryKeyString(), RealClock.GetUtcNow() + options.Value.DeadlineCheckEvery));
        await session.SaveChangesAsync();
    }
}
