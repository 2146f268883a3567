using JasperFx;
using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;

namespace QingzhouPlan.Server.Reporting;

/// <summary>
/// A plain grain over a Marten stream rather than a JournaledGrain: Marten already is the event log,
/// with its own optimistic version check, so a second log-consistency layer would add nothing but a
/// storage adapter. State is rebuilt from the stream on activation; every append names the version it
/// expects, so a duplicate activation elsewhere in a partition cannot interleave events unseen.
/// </summary>
public sealed class IndicatorGrain(IDocumentStore store, TimeProvider clock, ILogger<IndicatorGrain> logger)
    : Grain, IIndicatorGrain
{
    private IndicatorState _state = IndicatorState.Empty;
    private long _version;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Reload(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<CommandResult> Report(ReportValue command, ActedBy actor)
    {
        var result = await DecideAndAppend(state => ReportValueDecision.Decide(state, command, actor, clock.GetUtcNow()), actor);
        if (result.Appended)
            logger.LogInformation("{Indicator} {Period} reported by {User} ({Department}) at version {Version}",
                Key, command.Period, actor.User, actor.Department, result.Version);
        return result;
    }

    public Task<IndicatorSnapshot?> GetSnapshot() =>
        Task.FromResult(_state.IsDefined ? IndicatorSnapshot.From(Key, _version, _state) : null);

    private async Task<CommandResult> DecideAndAppend(Func<IndicatorState, Decision> decide, ActedBy actor)
    {
        // One retry covers a stale in-memory state (another activation appended): reload, decide again.
        for (var attempt = 1; ; attempt++)
        {
            switch (decide(_state))
            {
                case Decision.Refused refused:
                    return CommandResult.Refused(refused.Refusal);
                case Decision.AlreadyDone:
                    return CommandResult.Unchanged(_version);
                case Decision.Accepted accepted:
                    try
                    {
                        await Append(accepted.Event, actor);
                        return CommandResult.Committed(_version);
                    }
                    catch (ConcurrencyException) when (attempt == 1)
                    {
                        logger.LogWarning("{Indicator} changed elsewhere; reloading before deciding again", Key);
                        await Reload(CancellationToken.None);
                    }
                    break;
                default:
                    throw new InvalidOperationException($"unexpected decision {decide.GetType()}");
            }
        }
    }

    private async Task Append(object @event, ActedBy actor)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = actor.CorrelationId;
        session.LastModifiedBy = actor.User;
        // Marten's expected version is the version after the append.
        session.Events.Append(Key, _version + 1, @event);
        await session.SaveChangesAsync();
        _state = _state.Apply(@event);
        _version++;
    }

    private async Task Reload(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Key, token: cancellationToken);
        _state = IndicatorState.From(events.Select(e => e.Data));
        _version = events.Count == 0 ? 0 : events[^1].Version;
    }
}
