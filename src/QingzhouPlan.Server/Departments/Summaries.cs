using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Server.Reporting;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Server.Departments;

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

/// <summary>A department's items and how they stand, as of the moment it was computed.</summary>
[GenerateSerializer, Immutable, Alias("DepartmentSummary")]
public sealed record DepartmentSummary(
    [property: Id(0)] string PlanId,
    [property: Id(1)] string Department,
    [property: Id(2)] DateTimeOffset AsOf,
    [property: Id(3)] ProgressCounts Indicators,
    [property: Id(4)] TaskCounts Tasks,
    [property: Id(5)] IReadOnlyList<IndicatorStatus> IndicatorItems,
    [property: Id(6)] IReadOnlyList<TaskStatusView> TaskItems);

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
    [property: Id(5)] IReadOnlyList<SummaryLine> Departments);
