using Marten;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Departments;

/// <summary>Rolls the department summaries of a plan up by chapter and for the whole plan.</summary>
public sealed class PlanGrain(IDocumentStore store, [FromKeyedServices(Clocks.Business)] TimeProvider clock) : Grain, IPlanGrain
{
    public async Task<PlanSummary?> GetSummary()
    {
        var planId = this.GetPrimaryKeyString();
        await using var session = store.QuerySession();
        if (await session.LoadAsync<PlanView>(planId) is not { } plan)
            return null;

        var departments = await Task.WhenAll(plan.Departments.Select(d =>
            GrainFactory.GetGrain<IDepartmentGrain>(Domain.Plans.PlanKeys.Item(planId, d.Code)).GetSummary()));
        var indicators = departments.SelectMany(d => d.IndicatorItems).ToList();
        var tasks = departments.SelectMany(d => d.TaskItems).ToList();
        var chapters = plan.Chapters.Select(c => new SummaryLine(c.Code,
            ProgressCounts.Of(indicators.Where(i => i.Chapter == c.Code)),
            TaskCounts.Of(tasks.Where(t => t.Chapter == c.Code)))).ToList();
        var byDepartment = departments.Select(d => new SummaryLine(d.Department, d.Indicators, d.Tasks)).ToList();
        return new PlanSummary(planId, clock.GetUtcNow(), ProgressCounts.Of(indicators), TaskCounts.Of(tasks), chapters, byDepartment);
    }
}
