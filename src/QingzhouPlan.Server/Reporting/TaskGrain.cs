using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Reporting;

/// <summary>A qualitative task over its Marten stream, like <see cref="IndicatorGrain"/>.</summary>
public sealed class TaskGrain(IDocumentStore store) : Grain, ITaskGrain
{
    private TaskState _state = TaskState.Empty;
    private ItemStream _stream = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new ItemStream(store, this.GetPrimaryKeyString());
        await Reload(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<CommandResult> ReportProgress(ReportTaskProgress command, ActedBy actor) =>
        _stream.Execute(() => TaskProgressDecision.Decide(_state, command, actor), actor,
            (e, _) => _state = _state.Apply(e), () => Reload(CancellationToken.None));

    public Task<TaskStatusView?> GetStatus() => Task.FromResult(_state.Definition is { } d
        ? new TaskStatusView(this.GetPrimaryKeyString(), d.Code, d.Text, d.Chapter, d.OwnerDepartment, _state.Status,
            _state.ProgressReports, _stream.Version)
        : null);

    private async Task Reload(CancellationToken cancellationToken)
    {
        var events = await _stream.Load(cancellationToken);
        _state = events.Aggregate(TaskState.Empty, (state, e) => state.Apply(e.Data));
    }
}
