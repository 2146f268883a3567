using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Items;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Server.Plans;

/// <summary>How many indicators stand where; Late counts those with a report overdue, whatever their status.</summary>
[GenerateSerializer, Immutable, Alias("ProgressCounts")]
public sealed record ProgressCounts(
    [property: Id(0)] int Met,
    [property: Id(1)] int OnTrack,
    [property: Id(2)] int Lagging,
    [property: Id(3)] int NoData,
    [property: Id(4)] int Late)
{
    public static ProgressCounts Of(IEnumerable<IndicatorStatus> items)
    {
        var list = items.ToList();
        return new ProgressCounts(
            list.Count(i => i.Status == ProgressStatus.Met),
            list.Count(i => i.Status == ProgressStatus.OnTrack),
            list.Count(i => i.Status == ProgressStatus.Lagging),
            list.Count(i => i.Status == ProgressStatus.NoData),
            list.Count(i => i.Late));
    }
}

[GenerateSerializer, Immutable, Alias("TaskCounts")]
public sealed record TaskCounts(
    [property: Id(0)] int NotStarted,
    [property: Id(1)] int InProgress,
    [property: Id(2)] int AtRisk,
    [property: Id(3)] int Done,
    [property: Id(4)] int Cancelled)
{
    public static TaskCounts Of(IEnumerable<TaskStatusView> items)
    {
        var list = items.ToList();
        return new TaskCounts(
            list.Count(t => t.Status == TaskStatus.NotStarted),
            list.Count(t => t.Status == TaskStatus.InProgress),
            list.Count(t => t.Status == TaskStatus.AtRisk),
            list.Count(t => t.Status == TaskStatus.Done),
            list.Count(t => t.Status == TaskStatus.Cancelled));
    }
}

/// <summary>A department's items and how they stand, now or for one period.</summary>
[GenerateSerializer, Immutable, Alias("DepartmentSummary")]
public sealed record DepartmentSummary(
    [property: Id(0)] string PlanId,
    [property: Id(1)] string Department,
    [property: Id(2)] DateTimeOffset AsOf,
    [property: Id(3)] ProgressCounts Indicators,
    [property: Id(4)] TaskCounts Tasks,
    [property: Id(5)] IReadOnlyList<IndicatorStatus> IndicatorItems,
    [property: Id(6)] IReadOnlyList<TaskStatusView> TaskItems,
    [property: Id(7)] string? Period,
    [property: Id(8)] IReadOnlyList<ItemError>? Errors = null);

/// <summary>The same counts for one chapter, or for a department, within a plan summary.</summary>
[GenerateSerializer, Immutable, Alias("SummaryLine")]
public sealed record SummaryLine(
    [property: Id(0)] string Code,
    [property: Id(1)] ProgressCounts Indicators,
    [property: Id(2)] TaskCounts Tasks);

[GenerateSerializer, Immutable, Alias("PlanSummary")]
public sealed record PlanSummary(
    [property: Id(0)] string PlanId,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] ProgressCounts Indicators,
    [property: Id(3)] TaskCounts Tasks,
    [property: Id(4)] IReadOnlyList<SummaryLine> Chapters,
    [property: Id(5)] IReadOnlyList<SummaryLine> Departments,
    [property: Id(6)] string? Period,
    [property: Id(7)] IReadOnlyList<ItemError>? Errors = null,
    [property: Id(8)] decimal ScheduleShare = 0m);

/// <summary>
/// Summaries from kept standings. Without a period: each item's latest figure, counted for the department
/// that owns it today. With a period: that period's figure, counted for the department that owned the
/// item on the period's last day — so a reorganisation in July leaves every 1–6月 summary as it was.
/// </summary>
public static class Summaries
{
    public static DepartmentSummary Department(
        string planId, string department, Period? period, DateTimeOffset now, IEnumerable<IndicatorStatus> indicators, IEnumerable<TaskStatusView> tasks)
    {
        var (items, taskItems) = Standing(period, now, indicators, tasks);
        var own = items.Where(i => i.Department == department).OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        var ownTasks = taskItems.Where(t => t.Department == department).OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        return new DepartmentSummary(planId, department, now, ProgressCounts.Of(own), TaskCounts.Of(ownTasks), own, ownTasks, period?.ToString());
    }

    public static PlanSummary Plan(
        string planId, PlanState plan, Period? period, DateTimeOffset now, IEnumerable<IndicatorStatus> indicators, IEnumerable<TaskStatusView> tasks)
    {
        var (items, taskItems) = Standing(period, now, indicators, tasks);
        var day = period?.LastDay ?? PlanClock.Today(now);
        var chapters = plan.Adopted!.Chapters.Select(c => new SummaryLine(c.Code,
            ProgressCounts.Of(items.Where(i => i.Chapter == c.Code)), TaskCounts.Of(taskItems.Where(t => t.Chapter == c.Code)))).ToList();
        var departments = plan.Departments.Values
            .Where(d => d.ExistsOn(day) || items.Any(i => i.Department == d.Code) || taskItems.Any(t => t.Department == d.Code))
            .Select(d => new SummaryLine(d.Code,
                ProgressCounts.Of(items.Where(i => i.Department == d.Code)), TaskCounts.Of(taskItems.Where(t => t.Department == d.Code))))
            .ToList();
        return new PlanSummary(planId, now, ProgressCounts.Of(items), TaskCounts.Of(taskItems), chapters, departments, period?.ToString(),
            ScheduleShare: period is { } p ? ScheduleProgress.ShareAtEndOf(p) : ScheduleProgress.ShareOn(PlanClock.Today(now), plan.Adopted.Year));
    }

    /// <summary>Every item judged at <paramref name="now"/>, and for a period: its owner then and that period's figure.</summary>
    private static (List<IndicatorStatus>, List<TaskStatusView>) Standing(
        Period? period, DateTimeOffset now, IEnumerable<IndicatorStatus> indicators, IEnumerable<TaskStatusView> tasks)
    {
        var items = indicators.Select(i => i.At(now));
        var taskItems = tasks.Select(t => t.At(now));
        if (period is { } p)
        {
            items = items.Select(i => ForPeriod(i, p));
            taskItems = taskItems.Select(t => t with { Department = t.OwnerFor(p) });
        }
        return (items.ToList(), taskItems.ToList());
    }

    /// <summary>
    /// An indicator's standing for the report of a period: its own period ending with it (2024-06, 2024-Q2 or
    /// 2024-H1 for 1–6月), the figure's assessment, late if that report is missing, the owner then.
    /// </summary>
    private static IndicatorStatus ForPeriod(IndicatorStatus item, Period report)
    {
        var due = item.Calendar.FirstOrDefault(c => c.Period.EndsWith(report));
        var assessment = due is null ? null : item.Assessments.FirstOrDefault(a => a.Period == due.Period);
        return item with
        {
            Department = item.OwnerFor(due?.Period ?? report),
            Latest = assessment,
            Status = assessment?.Status ?? ProgressStatus.NoData,
            Late = due?.State == DueState.Missing,
        };
    }
}
