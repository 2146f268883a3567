using Marten;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// A plain grain over a Marten stream rather than a JournaledGrain: Marten already is the event log,
/// with its own optimistic version check, so a second log-consistency layer would add only a storage
/// adapter. State is rebuilt from the stream on activation; every append names the version it expects,
/// so a duplicate activation elsewhere in a partition cannot interleave events unseen. After each
/// commit the plan's grain is told, so summaries and the change feed are kept, not recomputed.
/// </summary>
public sealed class IndicatorGrain(
    IDocumentStore store, Appender appender, Reports.ItemSnapshots snapshots, [FromKeyedServices(Clocks.Business)] TimeProvider clock,
    IOptions<ReportingOptions> options, ILogger<IndicatorGrain> logger)
    : Grain, IIndicatorGrain
{
    private ItemStream<IndicatorState> _stream = null!;

    private string Key => this.GetPrimaryKeyString();

    private IndicatorState State => _stream.State;

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new ItemStream<IndicatorState>(store, appender, Key, IndicatorState.Empty, (s, e, at) => s.Apply(e, at), s => s.Version,
            s => IndicatorDocument.Of(Key, s),
            (state, knownBy) => snapshots.Keep(new Domain.Reports.ItemSnapshot(Key, knownBy, state, null)));
        await _stream.Load(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<CommandResult> Report(ReportValue command, ActedBy actor, RetryKey? retryKey, long? expectedVersion)
    {
        var policy = await Policy();
        var lastYear = await PreviousYear(policy);
        return await Execute(Operations.ReportValue, ItemAction.Report, state => ExpectedVersion.Guard(
            ReportValueDecision.Decide(state with { LastYear = lastYear }, command, actor, Now, policy), expectedVersion, state.Version), actor, retryKey);
    }

    public async Task<CommandResult> Correct(CorrectValue command, ActedBy actor, RetryKey? retryKey)
    {
        var policy = await Policy();
        var lastYear = await PreviousYear(policy);
        return await Execute(Operations.CorrectValue, ItemAction.Correct,
            state => CorrectValueDecision.Decide(state with { LastYear = lastYear }, command, actor, Now, policy), actor, retryKey);
    }

    public async Task<CommandResult> Retract(RetractValue command, ActedBy actor, RetryKey? retryKey)
    {
        var policy = await Policy();
        return await Execute(Operations.RetractValue, ItemAction.Retract, state => RetractValueDecision.Decide(state, command, actor, Now, policy), actor, retryKey);
    }

    public async Task<CommandResult> Step(RoundStep step, ActedBy actor)
    {
        var policy = await Policy();
        // Who may take the step depends on the level, which the decision reads: it authorizes.
        return await Execute(Operations.RoundStep, null, state => RoundStepDecision.Decide(state, policy, step, actor, Now), actor, null);
    }

    public async Task<RoundPart> PrepareRound(RoundStep step, string department, ActedBy actor)
    {
        if (State.Definition is not { } d || RoundStepDecision.OwnPeriod(d, step.Period) is not { } period || State.OwnerFor(period) != department)
            return new RoundPart(Key, State.Version, [], null);
        return RoundStepDecision.Decide(State, await Policy(), step, actor, Now) switch
        {
            Decision.Accepted accepted => new RoundPart(Key, State.Version, accepted.Events, null),
            Decision.Refused refused => new RoundPart(Key, State.Version, [], refused.Refusal),
            _ => new RoundPart(Key, State.Version, [], null),
        };
    }

    public Task<CommandResult> OpenException(OpenWindowException command, ActedBy actor, RetryKey? retryKey) =>
        Execute(Operations.OpenWindowException, ItemAction.OpenException, state => OpenWindowExceptionDecision.Decide(state, command, actor, Now), actor, retryKey);

    public Task<CommandResult> Verify(VerifyValue command, ActedBy actor, RetryKey? retryKey) =>
        Execute(Operations.VerifyValue, ItemAction.Verify, state => VerifyValueDecision.Decide(state, command, actor, Now), actor, retryKey);

    public Task<CommandResult> AdjustTarget(AdjustTarget command, ActedBy actor, RetryKey? retryKey) =>
        Execute(Operations.AdjustTarget, ItemAction.AdjustTarget, state => AdjustTargetDecision.Decide(state, command, actor, Now), actor, retryKey);

    public Task<CommandResult> Reassign(ReassignOwner command, ActedBy actor, RetryKey? retryKey) =>
        Execute(Operations.ReassignOwner, ItemAction.Reassign, state => state.Definition is { } d
            ? ReassignOwnerDecision.Decide(d.PlanId, state.Owners, d.PlanYear, state.Closed, command, actor, PlanClock.Today(Now))
            : Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan", "本计划没有这个指标"), actor, retryKey);

    public Task<CommandResult> Close(string reason, ActedBy actor) =>
        Execute(Operations.CloseItem, ItemAction.Close, state => state.Definition is null
            ? Decision.Refuse(RefusalKind.NotFound, "indicator", "no such indicator in this plan", "本计划没有这个指标")
            : CloseItemDecision.Decide(state.Definition.PlanId, state.Owners, state.Closed, reason, actor, PlanClock.Today(Now)), actor, null);

    public async Task<CommandResult> CheckDeadlines()
    {
        var round = await Policy();
        return await Execute(Operations.CheckDeadlines, null,
            state => CheckDeadlinesDecision.Decide(state, Now, options.Value.Escalation, options.Value.GraceDays, round), ActedBy.System(), null);
    }

    public async Task CatchUp(long version, ActedBy actor)
    {
        await _stream.CatchUp(version, CancellationToken.None);
        if (State.Definition is { } definition)
            await PlanNotice.Send(GrainFactory, definition.PlanId, Key, State, Now, options.Value.GraceDays, actor, logger);
    }

    public Task<IReadOnlyList<ItemAction>> Permissions(ActedBy actor) => Task.FromResult(State.IsDefined
        ? WriteScope.Allowed(WriteScope.IndicatorActions, State.Definition!.PlanId, State.Owners, State.Closed, actor, PlanClock.Today(Now))
        : []);

    public Task<IndicatorFigures?> GetFigures() =>
        Task.FromResult(State.IsDefined ? IndicatorFigures.From(Key, State, PlanClock.Today(Now)) : null);

    public Task<IndicatorStatus?> GetStatus() => Task.FromResult(IndicatorStatus.From(Key, State, Now, options.Value.GraceDays));

    // 上年同期 from the previous plan's item, read afresh for each figure a year-on-year rule judges (that year may be corrected too).
    private async Task<LastYear?> PreviousYear(RoundPolicy policy)
    {
        if (!LastYears.Needed(State, policy))
            return null;
        await using var session = store.QuerySession();
        return (await LastYears.Attach(session, [State], policy, CancellationToken.None))[0].LastYear;
    }

    // The plan's levels, rules and window, asked afresh for each command so a change to them applies to the next one.
    private Task<RoundPolicy> Policy() => State.Definition is { } d
        ? GrainFactory.GetGrain<IPlanGrain>(d.PlanId).RoundPolicy()
        : Task.FromResult(RoundPolicy.None);

    private async Task<CommandResult> Execute(string operation, ItemAction? action, Func<IndicatorState, Decision> decide, ActedBy actor, RetryKey? retryKey)
    {
        var result = await _stream.Execute(operation, state => Authorize(state, action, actor), decide, actor, retryKey);
        if (!result.Appended)
            return result;
        logger.LogInformation("{Indicator} changed by {User} ({Department}), version {Version}", Key, actor.User, actor.Department, result.Version);
        await PlanNotice.Send(GrainFactory, State.Definition!.PlanId, Key, State, Now, options.Value.GraceDays, actor, logger);
        return result;
    }

    // An item not defined is the decider's to refuse (404); the system's own work (deadlines) names no action.
    private Refusal? Authorize(IndicatorState state, ItemAction? action, ActedBy actor) =>
        action is { } a && state.IsDefined ? WriteScope.Check(a, state.Definition!.PlanId, state.Owners, state.Closed, actor, PlanClock.Today(Now)) : null;
}
