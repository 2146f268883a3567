using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Tasks;

/// <summary>
/// A department reports progress on a task, moving it to a status with a narrative. <see cref="ProgressId"/>,
/// when given, makes a retry safe: the same id and payload again records nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("ReportTaskProgress")]
public sealed record ReportTaskProgress(
    [property: Id(0)] TaskStatus Status,
    [property: Id(1)] string Narrative,
    [property: Id(2)] IReadOnlyList<string> Evidence,
    [property: Id(3)] string? ProgressId = null);

public static class ReportTaskProgressDecision
{
    public const int MaxEvidenceLinks = 20;

    /// <summary>
    /// The moves a task can make. Done is final; a cancelled task may be taken up again (in progress or at
    /// risk); a task must have been in progress before it is done; a status may repeat, to add a narrative.
    /// </summary>
    public static bool CanMove(TaskStatus from, TaskStatus to) => (from, to) switch
    {
        (TaskStatus.Done, _) => false,
        (TaskStatus.Cancelled, TaskStatus.InProgress or TaskStatus.AtRisk) => true,
        (TaskStatus.Cancelled, _) => false,
        (TaskStatus.NotStarted, TaskStatus.Done) => false,
        (_, TaskStatus.NotStarted) => false,
        _ => true,
    };

    public static Decision Decide(TaskState state, ReportTaskProgress command, ActedBy actor, DateTimeOffset now)
    {
        if (state.Definition is null)
            return Decision.Refuse(RefusalKind.NotFound, "task", "no such task in this plan", "本计划没有这项任务");
        if (WriteScope.Check(ItemAction.ReportProgress, state.Definition.PlanId, state.Owners, state.Closed, actor, PlanClock.Today(now)) is { } outOfScope)
            return new Decision.Refused(outOfScope);
        if (command.ProgressId is { } id && state.ProgressById.TryGetValue(id, out var earlier))
            return SamePayload(earlier, command)
                ? new Decision.AlreadyDone()
                : Decision.Refuse(RefusalKind.Conflict, "progressId", $"progress id '{id}' was already used for a different report",
                    $"进展编号「{id}」已用于另一次报送");
        if (command.ProgressId is { Length: 0 or > 100 })
            return Decision.Refuse(RefusalKind.Invalid, "progressId", "1–100 characters when given", "进展编号须为 1–100 个字符");
        if (string.IsNullOrWhiteSpace(command.Narrative))
            return Decision.Refuse(RefusalKind.Invalid, "narrative", "a narrative of the progress is required", "须填写进展情况");
        if (command.Narrative.Length > 4000)
            return Decision.Refuse(RefusalKind.Invalid, "narrative", "at most 4000 characters", "进展情况不能超过 4000 字");
        if (command.Evidence.Count > MaxEvidenceLinks)
            return Decision.Refuse(RefusalKind.Invalid, "evidence", $"at most {MaxEvidenceLinks} links", $"佐证链接最多 {MaxEvidenceLinks} 个");
        if (command.Evidence.FirstOrDefault(link => !IsHttpLink(link)) is { } bad)
            return Decision.Refuse(RefusalKind.Invalid, "evidence", $"'{bad}' is not an absolute http(s) link", $"「{bad}」不是完整的网址链接");
        if (!CanMove(state.Status, command.Status))
            return Decision.Refuse(RefusalKind.Conflict, "status", $"a task that is {state.Status} cannot become {command.Status}",
                $"任务当前为「{FormColumns.Describe(state.Status)}」，不能改为「{FormColumns.Describe(command.Status)}」");
        return Decision.Accept(new TaskProgressReported(
            command.Status, state.Status, command.Narrative.Trim(), command.Evidence, actor, command.ProgressId));
    }

    private static bool SamePayload(TaskProgressReported earlier, ReportTaskProgress command) =>
        earlier.Status == command.Status && earlier.Narrative == command.Narrative.Trim() && earlier.Evidence.SequenceEqual(command.Evidence);

    private static bool IsHttpLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
