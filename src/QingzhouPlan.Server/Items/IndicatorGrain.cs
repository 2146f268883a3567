using Marten;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// A plain grain over a Marten stream rather than a JournaledGrain: Marten already is the event log,
/// with its own optimistic version check, so a second log-consistency layer would add only a storage
/// adapter. State is rebuilt from the stream on activation; every append names the version it expects,
/// so a duplicate activation elsewhere in a partition cannot interleave events unseen. After each
/// commit the plan's grain is told, so summaries and the change feed are kept, not recomputed.
/// </summary>
public sealed class IndicatorGrain(
    IDocumentStore store, GroupCommit commits, Reports.ItemSnapshots snapshots, [FromKeyedServices(Clocks.Business)] TimeProvider clock,
    IOptions<ReportingOptions> options, ILogger<IndicatorGrain> logger)
    : Grain, IIndicatorGrain
{
    private ItemStream<IndicatorState> _stream = null!;

    private string Key => this.GetPrimaryKeyString();

    private IndicatorState State => _stream.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new ItemStream<IndicatorState>(store, commits, Key, IndicatorState.Empty, (s, e, at) => s.Apply(e, at), s => s.Version,
            s => IndicatorDocument.Of(Key, s),
            (state, knownBy) => snapshots.Keep(new Domain.Reports.ItemSnapshot(Key, knownBy, state, null)));
        await _stream.Load(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<CommandResult> Report(ReportValue command, ActedBy actor) =>
        Execute(command, state => ReportValueDecision.Decide(state, command, actor, clock.GetUtcNow()), actor);

    public Task<CommandResult> Correct(CorrectValue command, ActedBy actor) =>
        Execute(command, state => Corrections.Correct(state, command, actor, clock.GetUtcNow()), actor);

    public Task<CommandResult> Retract(RetractValue command, ActedBy actor) =>
        Execute(command, state => Corrections.Retract(state, command, actor, clock.GetUtcNow()), actor);

    public Task<CommandResult> Verify(VerifyValue command, ActedBy actor) =>
        Execute(command, state => Verification.Verify(state, command, actor, clock.GetUtcNow()), actor);

    public Task<CommandResult> AdjustTarget(AdjustTarget command, ActedBy actor) =>
        Execute(command, state => TargetAdjustment.Adjust(state, command, actor, clock.GetUtcNow()), actor);

    public Task<CommandResult> Reassign(ReassignOwner command, ActedBy actor) =>
        Execute(command, state => state.Definition is { } d
            ? Reassignment.Decide(state.Owners, d.PlanYear, state.Closed, command, actor)
            : Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan"), actor);

    public Task<CommandResult> Close(string reason, ActedBy actor) =>
        Execute(reason, state => state.Definition is null
            ? Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan")
            : Closing.Decide(state.Closed, reason, actor), actor);

    public Task<CommandResult> CheckDeadlines() =>
        Execute("deadlines", state => Deadlines.Decide(state, clock.GetUtcNow(), options.Value.Escalation, options.Value.GraceDays), ActedBy.System());

    public async Task Refresh(long version, ActedBy actor)
    {
        if (_stream.Version < version)
            await _stream.Load(CancellationToken.None);
        if (State.Definition is { } definition)
            await PlanNotice.Send(GrainFactory, definition.PlanId, Key, State, clock.GetUtcNow(), options.Value.GraceDays, actor, logger);
    }

    public Task<IndicatorSnapshot?> GetSnapshot() =>
        Task.FromResult(State.IsDefined ? IndicatorSnapshot.From(Key, State, PlanClock.Today(clock.GetUtcNow())) : null);

    public Task<IndicatorStatus?> GetStatus() => Task.FromResult(IndicatorStatus.From(Key, State, clock.GetUtcNow(), options.Value.GraceDays));

    private async Task<CommandResult> Execute<TCommand>(TCommand command, Func<IndicatorState, Decision> decide, ActedBy actor)
        where TCommand : notnull
    {
        var result = await _stream.Execute(decide, actor, CommandKey.FromContext(typeof(TCommand).Name, command));
        if (!result.Appended)
            return result;
        logger.LogInformation("{Indicator} changed by {User} ({Department}), version {Version}", Key, actor.User, actor.Department, result.Version);
        await PlanNotice.Send(GrainFactory, State.Definition!.PlanId, Key, State, clock.GetUtcNow(), options.Value.GraceDays, actor, logger);
        return result;
    }
}
