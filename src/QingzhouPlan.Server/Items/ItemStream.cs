using JasperFx;
using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Audit;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// The one write path of a plan item: the grain's state (which carries its stream version) and the Marten
/// stream behind it. A command is decided against the state; the events decided are appended together
/// under the expected version — in a transaction shared with other items' appends (<see cref="GroupCommit"/>)
/// — and the state moves on only after the commit, so nothing is acknowledged, or shown, before it is durable.
/// The stream's read model (from the state) and its chain's head go with each append, so the commit reads
/// nothing back.
/// </summary>
public sealed class ItemStream<TState>(
    IDocumentStore store, GroupCommit commits, string key, TState empty, Func<TState, object, DateTimeOffset, TState> apply, Func<TState, long> versionOf,
    Func<TState, object?> readModel, Func<TState, DateTimeOffset, Task>? snapshot = null)
{
    private readonly TState _empty = empty;

    // The latest instant any event of the state was recorded: a snapshot serves reports as of then or later.
    private DateTimeOffset _knownBy = DateTimeOffset.MinValue;

    // Client retry keys seen on this stream: key → (fingerprint of the command, version it left).
    private readonly Dictionary<string, (string Fingerprint, long Version)> _keys = new(StringComparer.Ordinal);

    public TState State { get; private set; } = empty;

    // The head of the stream's hash chain as the projection last linked it, at the state's version.
    private ChainHead? _head;

    public long Version => versionOf(State);

    public async Task Load(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(key, token: cancellationToken);
        // Read after the events, the head is never older than the state (both are written in one transaction); if
        // another writer has appended in between it is newer, the next append's version check fails, and this reloads.
        _head = (await SealLinks.Heads(session, [key], cancellationToken)).GetValueOrDefault(key);
        var before = Version;
        State = events.Aggregate(_empty, (state, e) => apply(state, e.Data, e.Timestamp));
        _knownBy = events.Count == 0 ? DateTimeOffset.MinValue : events.Max(e => e.Timestamp);
        _keys.Clear();
        foreach (var e in events)
            if (e.Headers?.GetValueOrDefault(CommandKey.KeyHeader) is { } k && e.Headers.GetValueOrDefault(CommandKey.FingerprintHeader) is { } f)
                _keys[k.ToString()!] = (f.ToString()!, e.Version);
        await Snapshot(before);
    }

    private async Task Snapshot(long before)
    {
        if (snapshot is not null && Reports.ItemSnapshots.Due(before, Version))
            await snapshot(State, _knownBy);
    }

    /// <summary>
    /// Decides against the state and appends what was decided. If another activation appended first (a
    /// partition can briefly give a grain two), the state is reloaded and decided once more.
    /// </summary>
    public async Task<CommandResult> Execute(Func<TState, Decision> decide, ActedBy actor, CommandKey? commandKey = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (commandKey is not null && _keys.TryGetValue(commandKey.Key, out var seen))
                return seen.Fingerprint == commandKey.Fingerprint
                    ? CommandResult.Unchanged(seen.Version)
                    : CommandResult.Refused(new Refusal(RefusalKind.Conflict, CommandKey.Header,
                        $"'{commandKey.Key}' was already used for a different command on this item"));
            var decision = decide(State);
            switch (decision)
            {
                case Decision.Refused refused:
                    return CommandResult.Refused(refused.Refusal);
                case Decision.AlreadyDone:
                    return CommandResult.Unchanged(Version);
                case Decision.Accepted accepted:
                    try
                    {
                        await Append(accepted.Events, actor, commandKey);
                        return CommandResult.Committed(Version);
                    }
                    catch (ConcurrencyException) when (attempt == 1)
                    {
                        await Load(CancellationToken.None);
                    }
                    catch (ConcurrencyException)
                    {
                        await Load(CancellationToken.None);
                        return CommandResult.Refused(new Refusal(RefusalKind.Conflict, "item",
                            "the item changed twice while this command was decided; send it again"));
                    }
                    break;
                default:
                    throw new InvalidOperationException($"unexpected decision {decision}");
            }
        }
    }

    private async Task Append(IReadOnlyList<object> events, ActedBy actor, CommandKey? commandKey)
    {
        var before = Version;
        var committed = await commits.Append(new StreamAppend(key, Version, events, actor, commandKey, [readModel(State), _head]));
        var stored = committed.Events;
        State = stored.Aggregate(State, (state, e) => apply(state, e.Data, e.Timestamp));
        _head = committed.Documents.OfType<ChainHead>().SingleOrDefault();
        foreach (var e in stored)
            _knownBy = e.Timestamp > _knownBy ? e.Timestamp : _knownBy;
        if (commandKey is not null)
            _keys[commandKey.Key] = (commandKey.Fingerprint, Version);
        await Snapshot(before);
    }
}
