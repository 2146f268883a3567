using QingzhouPlan.Domain.Tasks;
using static QingzhouPlan.Domain.Tests.Indicators.Given;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Domain.Tests.Tasks;

public sealed class TaskProgressTests
{
    private static readonly TaskState Defined = TaskState.Empty.Apply(
        new TaskDefined("qingzhou-2024", "T-RESORT-CREATE", "积极创建国家级旅游度假区", "三", "wlj", true, "积极创建国家级旅游度假区", ActedBy.System()), July15);

    // The task belongs to 市文化和旅游局 (wlj); its reporter writes, others may not.
    private static readonly ActedBy WljReporter = new("zhao.min", "wlj", "trace-2", [Roles.Reporter]);

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
    [InlineData(TaskStatus.Cancelled, TaskStatus.InProgress, true)]
    [InlineData(TaskStatus.Cancelled, TaskStatus.AtRisk, true)]
    [InlineData(TaskStatus.Cancelled, TaskStatus.Done, false)]
    public void Only_possible_moves_are_accepted(TaskStatus from, TaskStatus to, bool accepted)
    {
        var decision = ReportTaskProgressDecision.Decide(In(from), new ReportTaskProgress(to, "进展情况", []), WljReporter, July15);

        if (accepted)
            decision.ShouldAccept<TaskProgressReported>().PreviousStatus.ShouldBe(from);
        else
            decision.ShouldRefuse(RefusalKind.Conflict, "status");
    }

    [Fact]
    public void A_narrative_is_required_and_evidence_must_be_links()
    {
        ReportTaskProgressDecision.Decide(Defined, new ReportTaskProgress(TaskStatus.InProgress, " ", []), WljReporter, July15)
            .ShouldRefuse(RefusalKind.Invalid, "narrative");
        ReportTaskProgressDecision.Decide(Defined, new ReportTaskProgress(TaskStatus.InProgress, "已提交申报材料", ["file:///etc/passwd"]), WljReporter, July15)
            .ShouldRefuse(RefusalKind.Invalid, "evidence");
        ReportTaskProgressDecision.Decide(Defined, new ReportTaskProgress(TaskStatus.InProgress, "已提交申报材料", ["https://example.org/a.pdf"]), WljReporter, July15)
            .ShouldAccept<TaskProgressReported>().Evidence.ShouldBe(["https://example.org/a.pdf"]);
    }

    [Fact]
    public void An_unknown_task_is_not_found() =>
        ReportTaskProgressDecision.Decide(TaskState.Empty, new ReportTaskProgress(TaskStatus.InProgress, "x", []), WljReporter, July15)
            .ShouldRefuse(RefusalKind.NotFound, "task");

    [Fact]
    public void A_reporter_of_another_department_is_refused_and_a_retry_with_the_same_progress_id_records_nothing()
    {
        ReportTaskProgressDecision.Decide(Defined, new ReportTaskProgress(TaskStatus.InProgress, "进展", []), Reporter, July15)
            .ShouldRefuse(RefusalKind.Forbidden, "item");
        var command = new ReportTaskProgress(TaskStatus.InProgress, "已提交申报材料", [], "p-1");
        var reported = ReportTaskProgressDecision.Decide(Defined, command, WljReporter, July15).ShouldAccept<TaskProgressReported>();
        var after = Defined.Apply(reported, July15);
        ReportTaskProgressDecision.Decide(after, command, WljReporter, July15).ShouldBeOfType<Decision.AlreadyDone>();
        ReportTaskProgressDecision.Decide(after, command with { Narrative = "另一份" }, WljReporter, July15).ShouldRefuse(RefusalKind.Conflict, "progressId");
    }
}
