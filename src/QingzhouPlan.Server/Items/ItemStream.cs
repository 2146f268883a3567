using JasperFx.Events;
using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Audit;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// A plan item's state and the Marten stream behind it, as its grain holds them. A command is decided against
/// the state; the events decided go to the <see cref="Appender"/> under the state's version, with the item's
/// document and chain head as the grain holds them (so the commit reads nothing back), and the state moves on
/// only after the commit: nothing is acknowledged, or shown, before it is durable. The chain's next head is
/// computed here by the function the chain's projection uses.
/// </summary>
public sealed class ItemStream<TState>(
    IDocumentStore store, Appender appender, string key, TState empty, Func<TState, object, DateTimeOffset, TState> apply, Func<TState, long> versionOf,
    Func<TState, IStreamDocument?> document, Func<TState, DateTimeOffset, Task>? snapshot = null)
{
    private readonly TState _empty = empty;

    // The latest instant any event of the state was recorded: a snapshot serves reports as of then or later.
    private DateTimeOffset _knownBy = DateTimeOffset.MinValue;

    // Retry keys seen on this stream, each its user's: (user, key) → (fingerprint of the command, version it left).
    private readonly Dictionary<(string User, string Key), (string Fingerprint, long Version)> _keys = [];

    public TState State { get; private set; } = empty;

    // The head of the stream's hash chain at the state's version.
    private ChainHead _head = ChainHead.Genesis;

    public long Version => versionOf(State);

    public async Task Load(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(key, token: cancellationToken);
        // Read after the events, the head is never older than the state (both are written in one transaction); if
        // another writer has appended in between it is newer, the next append's version check fails, and this reloads.
        _head = (await SealLinks.Heads(session, [key], cancellationToken)).GetValueOrDefault(key) ?? ChainHead.Genesis;
        var before = Version;
        State = _empty;
        _knownBy = DateTimeOffset.MinValue;
        _keys.Clear();
        Fold(events);
        await Snapshot(before);
    }

    /// <summary>
    /// Applies what another writer committed to the stream (a form) up to <paramref name="version"/>, reading only
    /// the events after the state's version; a gap or a stream that moved further is read whole again.
    /// </summary>
    public async Task CatchUp(long version, CancellationToken cancellationToken)
    {
        if (Version >= version)
            return;
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(key, fromVersion: Version + 1, token: cancellationToken);
        if (events.Count == 0 || events[0].Version != Version + 1)
        {
            await Load(cancellationToken);
            return;
        }
        var before = Version;
        _head = (await SealLinks.Heads(session, [key], cancellationToken)).GetValueOrDefault(key) ?? _head;
        Fold(events);
        await Snapshot(before);
    }

    private void Fold(IEnumerable<IEvent> events)
    {
        foreach (var e in events)
        {
            State = apply(State, e.Data, e.Timestamp);
            _knownBy = e.Timestamp > _knownBy ? e.Timestamp : _knownBy;
            if (e.Headers?.GetValueOrDefault(RetryKey.KeyHeader) is { } k && e.Headers.GetValueOrDefault(RetryKey.FingerprintHeader) is { } f)
                _keys[(e.UserName ?? "", k.ToString()!)] = (f.ToString()!, e.Version);
        }
    }

    private async Task Snapshot(long before)
    {
        if (snapshot is not null && Reports.ItemSnapshots.Due(before, Version))
            await snapshot(State, _knownBy);
    }

    /// <summary>
    /// Decides against the state and appends what was decided. Who may act is asked first, before a retry key
    /// is looked up: a retry is answered only to a caller who may do what it retries. If another activation
    /// appended first (a partition can briefly give a grain two), the state is reloaded and decided once more.
    /// </summary>
    public async Task<CommandResult> Execute(
        string operation, Func<TState, Refusal?> authorize, Func<TState, Decision> decide, ActedBy actor, RetryKey? retryKey)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (authorize(State) is { } forbidden)
                return CommandResult.Refused(forbidden);
            if (retryKey is not null && _keys.TryGetValue((actor.User, retryKey.Key), out var seen))
                return seen.Fingerprint == retryKey.Fingerprint
                    ? CommandResult.Unchanged(seen.Version)
                    : CommandResult.Refused(new Refusal(RefusalKind.Conflict, RetryKey.Header,
                        $"'{retryKey.Key}' was already used for a different command on this item",
                        "这个重试编号已用于对本事项的另一次操作"));
            switch (decide(State))
            {
                case Decision.Refused refused:
                    return CommandResult.Refused(refused.Refusal);
                case Decision.AlreadyDone:
                    return CommandResult.Unchanged(Version);
                case Decision.Accepted accepted:
                    try
                    {
                        await Append(operation, accepted.Events, actor, retryKey);
                        return CommandResult.Committed(Version);
                    }
                    catch (Exception ex) when (Appender.IsConflict(ex))
                    {
                        await Load(CancellationToken.None);
                        if (attempt > 1)
                            return CommandResult.Refused(new Refusal(RefusalKind.Conflict, "item",
                                "the item changed twice while this command was decided; send it again",
                                "办理期间该事项被改动了两次，请重新提交"));
                    }
                    break;
            }
        }
    }

    private async Task Append(string operation, IReadOnlyList<object> events, ActedBy actor, RetryKey? retryKey)
    {
        var before = Version;
        var committed = await appender.Append(Commit.One(operation, actor, new StreamAppend(key, Version, events, new HeldStream(document(State), _head)), retryKey));
        var stored = committed[0].Events;
        _head = _head.After(key, stored);
        Fold(stored);
        await Snapshot(before);
    }
}
