using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Items;

/// <summary>A qualitative task over its Marten stream, like <see cref="IndicatorGrain"/>.</summary>
public sealed class TaskGrain(
    IDocumentStore store, Appender appender, Reports.ItemSnapshots snapshots, [FromKeyedServices(Clocks.Business)] TimeProvider clock, ILogger<TaskGrain> logger)
    : Grain, ITaskGrain
{
    private ItemStream<TaskState> _stream = null!;

    private string Key => this.GetPrimaryKeyString();

    private TaskState State => _stream.State;

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new ItemStream<TaskState>(store, appender, Key, TaskState.Empty, (s, e, at) => s.Apply(e, at), s => s.Version,
            s => TaskDocument.Of(Key, s),
            (state, knownBy) => snapshots.Keep(new Domain.Reports.ItemSnapshot(Key, knownBy, null, state)));
        await _stream.Load(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<CommandResult> ReportProgress(ReportTaskProgress command, ActedBy actor, RetryKey? retryKey) =>
        Execute(Operations.ReportTaskProgress, ItemAction.ReportProgress, state => ReportTaskProgressDecision.Decide(state, command, actor, Now), actor, retryKey);

    public Task<CommandResult> Reassign(ReassignOwner command, ActedBy actor, RetryKey? retryKey) =>
        Execute(Operations.ReassignOwner, ItemAction.Reassign, state => state.Definition is { } d
            ? ReassignOwnerDecision.Decide(d.PlanId, state.Owners, d.PlanYear == 0 ? null : d.PlanYear, state.Closed, command, actor, PlanClock.Today(Now))
            : Decision.Refuse(RefusalKind.NotFound, "task", "no such task in this plan", "本计划没有这项任务"), actor, retryKey);

    public Task<CommandResult> Close(string reason, ActedBy actor) =>
        Execute(Operations.CloseItem, ItemAction.Close, state => state.Definition is null
            ? Decision.Refuse(RefusalKind.NotFound, "task", "no such task in this plan", "本计划没有这项任务")
            : CloseItemDecision.Decide(state.Definition.PlanId, state.Owners, state.Closed, reason, actor, PlanClock.Today(Now)), actor, null);

    public async Task CatchUp(long version, ActedBy actor)
    {
        await _stream.CatchUp(version, CancellationToken.None);
        await Notify(actor);
    }

    public Task<IReadOnlyList<ItemAction>> Permissions(ActedBy actor) => Task.FromResult(State.Definition is not null
        ? WriteScope.Allowed(WriteScope.TaskActions, State.Definition.PlanId, State.Owners, State.Closed, actor, PlanClock.Today(Now))
        : []);

    public Task<TaskStatusView?> GetStatus() => Task.FromResult(TaskStatusView.From(Key, State, Now));

    private async Task<CommandResult> Execute(string operation, ItemAction action, Func<TaskState, Decision> decide, ActedBy actor, RetryKey? retryKey)
    {
        var result = await _stream.Execute(operation,
            state => state.Definition is null ? null : WriteScope.Check(action, state.Definition.PlanId, state.Owners, state.Closed, actor, PlanClock.Today(Now)),
            decide, actor, retryKey);
        if (result.Appended)
            await Notify(actor);
        return result;
    }

    private async Task Notify(ActedBy actor)
    {
        if (TaskStatusView.From(Key, State, Now) is { } status)
            await PlanNotice.Send(GrainFactory, State.Definition!.PlanId,
                new ItemChanged(Key, status.Version, null, status, null, status.Owners, actor), logger);
    }
}
