using QingzhouPlan.Domain.Tasks;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Domain.Forms;

/// <summary>
/// The words of a department's report form (报表): its sheets, its column headings, the task statuses of
/// its drop-down. The form is read by heading, not by position, so a column a department inserts moves nothing.
/// </summary>
public static class FormColumns
{
    public const string FiguresSheet = "指标";
    public const string TasksSheet = "重点任务";

    public const string Number = "序号";
    public const string Code = "代码";
    public const string Name = "名称";
    public const string Period = "期别";
    public const string Unit = "计量单位";
    public const string Basis = "口径";
    public const string Previous = "上期数";
    public const string Target = "目标";
    public const string Value = "本期数";
    public const string Note = "备注或更正原因";

    // Read-only: where the figure stands in the month's round, and what the approvers or the reporter said of it.
    public const string RoundState = "审核状态";
    public const string RoundRemark = "退回意见或上报说明";

    public const string TaskText = "任务内容";
    public const string CurrentStatus = "当前状态";
    public const string NewStatus = "本期状态";
    public const string Narrative = "进展情况";

    public static string Describe(TaskStatus status) => status switch
    {
        TaskStatus.NotStarted => "未启动",
        TaskStatus.InProgress => "推进中",
        TaskStatus.AtRisk => "有风险",
        TaskStatus.Done => "已完成",
        TaskStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    /// <summary>The statuses a department may choose; 未启动 is where a task starts, never where it is moved.</summary>
    public static readonly IReadOnlyList<TaskStatus> Choosable = [TaskStatus.InProgress, TaskStatus.AtRisk, TaskStatus.Done, TaskStatus.Cancelled];

    public static TaskStatus? StatusNamed(string text) =>
        Choosable.Cast<TaskStatus?>().FirstOrDefault(s => Describe(s!.Value) == text.Trim());
}
