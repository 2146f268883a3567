using JasperFx;
using JasperFx.Events;
using Marten;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Reporting;

/// <summary>
/// The Marten stream behind a plan-item grain: loads it, and appends one decided event at a time under
/// the expected-version check, so nothing is acknowledged before it is committed.
/// </summary>
public sealed class ItemStream(IDocumentStore store, string key)
{
    public long Version { get; private set; }

    public async Task<IReadOnlyList<IEvent>> Load(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(key, token: cancellationToken);
        Version = events.Count == 0 ? 0 : events[^1].Version;
        return events;
    }

    /// <summary>
    /// Decides against the grain's state and appends the event decided. If another activation appended
    /// first (a partition can briefly give a grain two), the state is reloaded and decided once more.
    /// </summary>
    public async Task<CommandResult> Execute(
        Func<Decision> decide, ActedBy actor, Action<object, DateTimeOffset> apply, Func<Task> reload)
    {
        for (var attempt = 1; ; attempt++)
        {
            var decision = decide();
            switch (decision)
            {
                case Decision.Refused refused:
                    return CommandResult.Refused(refused.Refusal);
                case Decision.AlreadyDone:
                    return CommandResult.Unchanged(Version);
                case Decision.Accepted accepted:
                    try
                    {
                        apply(accepted.Event, await Append(accepted.Event, actor));
                        return CommandResult.Committed(Version);
                    }
                    catch (ConcurrencyException) when (attempt == 1)
                    {
                        await reload();
                    }
                    break;
                default:
                    throw new InvalidOperationException($"unexpected decision {decision}");
            }
        }
    }

    private async Task<DateTimeOffset> Append(object @event, ActedBy actor)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = actor.CorrelationId;
        session.LastModifiedBy = actor.User;
        // Marten's expected version is the version after the append.
        var action = session.Events.Append(key, Version + 1, @event);
        await session.SaveChangesAsync();
        Version++;
        return action.Events[^1].Timestamp;
    }
}
