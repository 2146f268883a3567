using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Items;

/// <summary>A qualitative task over its Marten stream, like <see cref="IndicatorGrain"/>.</summary>
public sealed class TaskGrain(
    IDocumentStore store, GroupCommit commits, Reports.ItemSnapshots snapshots, [FromKeyedServices(Clocks.Business)] TimeProvider clock, ILogger<TaskGrain> logger)
    : Grain, ITaskGrain
{
    private ItemStream<TaskState> _stream = null!;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new ItemStream<TaskState>(store, commits, Key, TaskState.Empty, (s, e, at) => s.Apply(e, at), s => s.Version,
            s => TaskDocument.Of(Key, s),
            (state, knownBy) => snapshots.Keep(new Domain.Reports.ItemSnapshot(Key, knownBy, null, state)));
        await _stream.Load(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<CommandResult> ReportProgress(ReportTaskProgress command, ActedBy actor) =>
        Execute(command, state => TaskProgressDecision.Decide(state, command, actor, clock.GetUtcNow()), actor);

    public Task<CommandResult> Reassign(ReassignOwner command, ActedBy actor) =>
        Execute(command, state => state.Definition is { } d
            ? Reassignment.Decide(state.Owners, d.PlanYear == 0 ? null : d.PlanYear, state.Closed, command, actor)
            : Decision.Refuse(RefusalKind.NotFound, "task", "no such task in this plan"), actor);

    public Task<CommandResult> Close(string reason, ActedBy actor) =>
        Execute(reason, state => state.Definition is null
            ? Decision.Refuse(RefusalKind.NotFound, "task", "no such task in this plan")
            : Closing.Decide(state.Closed, reason, actor), actor);

    public async Task Refresh(long version, ActedBy actor)
    {
        if (_stream.Version < version)
            await _stream.Load(CancellationToken.None);
        await Notify(actor);
    }

    public Task<TaskStatusView?> GetStatus() => Task.FromResult(TaskStatusView.From(Key, _stream.State, clock.GetUtcNow()));

    private async Task<CommandResult> Execute<TCommand>(TCommand command, Func<TaskState, Decision> decide, ActedBy actor)
        where TCommand : notnull
    {
        var result = await _stream.Execute(decide, actor, CommandKey.FromContext(typeof(TCommand).Name, command));
        if (result.Appended)
            await Notify(actor);
        return result;
    }

    private async Task Notify(ActedBy actor)
    {
        if (TaskStatusView.From(Key, _stream.State, clock.GetUtcNow()) is { } status)
            await PlanNotice.Send(GrainFactory, _stream.State.Definition!.PlanId,
                new ItemChanged(Key, status.Version, null, status, null, status.Owners, actor), logger);
    }
}
