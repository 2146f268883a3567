using Marten;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Reporting;

namespace QingzhouPlan.Server.Departments;

/// <summary>
/// Computes a department's summary from its items' grains at the moment it is asked. Nothing is cached
/// between calls: a summary is a function of the figures and of the clock (序时进度, deadlines), so a
/// cached one would be stale after any correction and after every midnight.
/// </summary>
public sealed class DepartmentGrain(IDocumentStore store, [FromKeyedServices(Clocks.Business)] TimeProvider clock) : Grain, IDepartmentGrain
{
    public async Task<DepartmentSummary> GetSummary()
    {
        var (planId, department) = Domain.Plans.PlanKeys.Split(this.GetPrimaryKeyString());
        // Ownership is read from the store each time, so a reassignment shows at once.
        await using var session = store.QuerySession();
        var indicatorKeys = await session.Query<IndicatorView>()
            .Where(i => i.PlanId == planId && i.OwnerDepartment == department).Select(i => i.Id).ToListAsync();
        var taskKeys = await session.Query<TaskView>()
            .Where(t => t.PlanId == planId && t.OwnerDepartment == department).Select(t => t.Id).ToListAsync();

        var indicators = await Task.WhenAll(indicatorKeys.Select(k => GrainFactory.GetGrain<IIndicatorGrain>(k).GetStatus()));
        var tasks = await Task.WhenAll(taskKeys.Select(k => GrainFactory.GetGrain<ITaskGrain>(k).GetStatus()));
        var indicatorItems = indicators.OfType<IndicatorStatus>().OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        var taskItems = tasks.OfType<TaskStatusView>().OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        return new DepartmentSummary(planId, department, clock.GetUtcNow(),
            ProgressCounts.Of(indicatorItems), TaskCounts.Of(taskItems), indicatorItems, taskItems);
    }
}
