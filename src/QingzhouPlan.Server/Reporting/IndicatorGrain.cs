using Marten;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Reporting;

/// <summary>
/// A plain grain over a Marten stream rather than a JournaledGrain: Marten already is the event log,
/// with its own optimistic version check, so a second log-consistency layer would add only a storage
/// adapter. State is rebuilt from the stream on activation; every append names the version it expects,
/// so a duplicate activation elsewhere in a partition cannot interleave events unseen.
/// </summary>
public sealed class IndicatorGrain(
    IDocumentStore store, [FromKeyedServices(Clocks.Business)] TimeProvider clock, IOptions<ReportingOptions> options, ILogger<IndicatorGrain> logger)
    : Grain, IIndicatorGrain
{
    private IndicatorState _state = IndicatorState.Empty;
    private ItemStream _stream = null!;

    private string Key => this.GetPrimaryKeyString();

    private long Version => _stream.Version;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new ItemStream(store, Key);
        await Reload(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<CommandResult> Report(ReportValue command, ActedBy actor) =>
        Execute(state => ReportValueDecision.Decide(state, command, actor, clock.GetUtcNow()), actor);

    public Task<CommandResult> Correct(CorrectValue command, ActedBy actor) =>
        Execute(state => Corrections.Correct(state, command, actor), actor);

    public Task<CommandResult> Retract(RetractValue command, ActedBy actor) =>
        Execute(state => Corrections.Retract(state, command, actor), actor);

    public Task<CommandResult> Verify(VerifyValue command, ActedBy actor) =>
        Execute(state => Verification.Verify(state, command, actor), actor);

    public Task<CommandResult> AdjustTarget(AdjustTarget command, ActedBy actor) =>
        Execute(state => TargetAdjustment.Adjust(state, command, actor), actor);

    public Task<IndicatorSnapshot?> GetSnapshot() =>
        Task.FromResult(_state.IsDefined ? IndicatorSnapshot.From(Key, Version, _state) : null);

    public Task<IndicatorStatus?> GetStatus()
    {
        if (_state is not { Definition: { } d, Target: { } target })
            return Task.FromResult<IndicatorStatus?>(null);
        var calendar = ReportingCalendar.For(_state, clock.GetUtcNow(), options.Value.GraceDays);
        var latest = _state.Figures.Count == 0
            ? null
            : ProgressRules.Assess(d, target, _state.Figures.Keys.Last(), _state.Figures.Values.Last().Value);
        return Task.FromResult<IndicatorStatus?>(new IndicatorStatus(
            Key, d.Code, d.Name, d.Chapter, d.OwnerDepartment, d.Unit, target.Describe(d.Unit),
            latest?.Status ?? ProgressStatus.NoData, latest, calendar.Any(c => c.State == DueState.Missing), calendar, Version));
    }

    private async Task<CommandResult> Execute(Func<IndicatorState, Decision> decide, ActedBy actor)
    {
        var result = await _stream.Execute(() => decide(_state), actor, (e, recordedAt) => _state = _state.Apply(e, recordedAt),
            () => Reload(CancellationToken.None));
        if (result.Appended)
            logger.LogInformation("{Indicator} changed by {User} ({Department}), version {Version}", Key, actor.User, actor.Department, result.Version);
        return result;
    }

    private async Task Reload(CancellationToken cancellationToken)
    {
        var events = await _stream.Load(cancellationToken);
        _state = IndicatorState.From(events.Select(e => (e.Data, e.Timestamp)));
    }
}
