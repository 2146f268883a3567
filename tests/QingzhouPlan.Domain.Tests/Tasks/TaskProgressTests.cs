using QingzhouPlan.Domain.Tasks;
using static QingzhouPlan.Domain.Tests.Indicators.Given;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Domain.Tests.Tasks;

public sealed class TaskProgressTests
{
    private static readonly TaskState Defined = TaskState.Empty.Apply(
        new TaskDefined("qingzhou-2024", "T-RESORT-CREATE", "积极创建国家级旅游度假区", "三", "wlj", true, "积极创建国家级旅游度假区", ActedBy.System()));

    private static TaskState In(TaskStatus status) => Defined with { Status = status };

    [Theory]
    [InlineData(TaskStatus.NotStarted, TaskStatus.InProgress, true)]
    [InlineData(TaskStatus.NotStarted, TaskStatus.AtRisk, true)]
    [InlineData(TaskStatus.NotStarted, TaskStatus.Cancelled, true)]
    [InlineData(TaskStatus.NotStarted, TaskStatus.Done, false)]
    [InlineData(TaskStatus.NotStarted, TaskStatus.NotStarted, false)]
    [InlineData(TaskStatus.InProgress, TaskStatus.InProgress, true)]
    [InlineData(TaskStatus.InProgress, TaskStatus.Done, true)]
    [InlineData(TaskStatus.InProgress, TaskStatus.NotStarted, false)]
    [InlineData(TaskStatus.AtRisk, TaskStatus.InProgress, true)]
    [InlineData(TaskStatus.AtRisk, TaskStatus.Done, true)]
    [InlineData(TaskStatus.Done, TaskStatus.InProgress, false)]
    [InlineData(TaskStatus.Done, TaskStatus.AtRisk, false)]
    [InlineData(TaskStatus.Cancelled, TaskStatus.InProgress, false)]
    public void Only_possible_moves_are_accepted(TaskStatus from, TaskStatus to, bool accepted)
    {
        var decision = TaskProgressDecision.Decide(In(from), new ReportTaskProgress(to, "进展情况", []), Reporter);

        if (accepted)
            decision.ShouldAccept<TaskProgressReported>().PreviousStatus.ShouldBe(from);
        else
            decision.ShouldRefuse(RefusalKind.Conflict, "status");
    }

    [Fact]
    public void A_narrative_is_required_and_evidence_must_be_links()
    {
        TaskProgressDecision.Decide(Defined, new ReportTaskProgress(TaskStatus.InProgress, " ", []), Reporter)
            .ShouldRefuse(RefusalKind.Invalid, "narrative");
        TaskProgressDecision.Decide(Defined, new ReportTaskProgress(TaskStatus.InProgress, "已提交申报材料", ["file:///etc/passwd"]), Reporter)
            .ShouldRefuse(RefusalKind.Invalid, "evidence");
        TaskProgressDecision.Decide(Defined, new ReportTaskProgress(TaskStatus.InProgress, "已提交申报材料", ["https://example.org/a.pdf"]), Reporter)
            .ShouldAccept<TaskProgressReported>().Evidence.ShouldBe(["https://example.org/a.pdf"]);
    }

    [Fact]
    public void An_unknown_task_is_not_found() =>
        TaskProgressDecision.Decide(TaskState.Empty, new ReportTaskProgress(TaskStatus.InProgress, "x", []), Reporter)
            .ShouldRefuse(RefusalKind.NotFound, "task");
}
