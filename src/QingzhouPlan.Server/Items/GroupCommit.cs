using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using JasperFx;
using JasperFx.Events;
using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// What one item asks to append: its events, the version they were decided against, who acted, the client's retry
/// key, and — when its grain holds them — the stream's documents at that version (<see cref="HeldDocuments"/>).
/// </summary>
public sealed record StreamAppend(string Key, long Version, IReadOnlyList<object> Events, ActedBy Actor, CommandKey? CommandKey,
    IReadOnlyList<object?>? Documents = null);

/// <summary>An append as committed: its events as stored (version, sequence, timestamp) and the stream's documents after them, when held.</summary>
public sealed record CommittedAppend(IReadOnlyList<IEvent> Events, IReadOnlyList<object> Documents);

/// <summary>
/// Group commit: the appends of different items that arrive while a transaction is being written go
/// together in the next one. Each append keeps its own expected version, and each caller is answered only
/// after the transaction that holds its events commits — nothing is acknowledged earlier. When a
/// transaction fails because one item's version moved under it, every append of it is tried again alone,
/// so the conflicting item fails by itself and the others commit; any other failure refuses the group.
///
/// One transaction at a time: a commit's cost (a batch of version and sequence lookups, the inline
/// documents, the write, the fsync) is paid once for the group, and the group grows with the load. The
/// documents the items' grains hold are handed to the inline projections, so the commit reads none back.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    public const int MaxGroup = 64;

    private readonly IDocumentStore _store;
    private readonly StallFence _fence;
    private readonly HeldDocuments _held;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupCommit(IDocumentStore store, StallFence fence, HeldDocuments held)
    {
        _store = store;
        _fence = fence;
        _held = held;
        _writer = Task.Run(Write);
    }

    /// <summary>The events as stored (version, sequence, timestamp) and the stream's documents after them, once their transaction has committed.</summary>
    public Task<CommittedAppend> Append(StreamAppend append)
    {
        var pending = new Pending(append, new TaskCompletionSource<CommittedAppend>(TaskCreationOptions.RunContinuationsAsynchronously),
            Activity.Current?.Context);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(GroupCommit), "the server is stopping");
        return pending.Done.Task;
    }

    // The caller's trace travels with its append: the transaction's span is a child of the first caller's and links the others.
    private sealed record Pending(StreamAppend Append, TaskCompletionSource<CommittedAppend> Done, ActivityContext? Trace = null);

    private static readonly Histogram<int> GroupSize = Telemetry.Meter.CreateHistogram<int>(
        "qingzhou.commit.group_size", "{append}", "how many items' appends shared one transaction");

    private async Task Write()
    {
        var group = new List<Pending>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending))
                group.Add(pending);
            await CommitGroup(group);
        }
    }

    /// <summary>The given appends as one group, whatever else is queued: how tests make a group of their choosing.</summary>
    internal async Task<IReadOnlyList<Task<CommittedAppend>>> CommitTogether(IReadOnlyList<StreamAppend> appends)
    {
        var group = appends.Select(a => new Pending(a, new TaskCompletionSource<CommittedAppend>(TaskCreationOptions.RunContinuationsAsynchronously))).ToList();
        await CommitGroup(group);
        return group.Select(p => p.Done.Task).ToList();
    }

    private async Task CommitGroup(List<Pending> group)
    {
        try
        {
            await Commit(group);
        }
        catch (Exception ex) when (group.Count > 1 && (ex is ConcurrencyException || Audit.SealLinks.IsCollision(ex)))
        {
            // Some item's version moved, or its chain already has a link where the next belongs (rows cut behind
            // the system's back): only its own append can fail for that, so each is tried alone.
            foreach (var pending in group)
                await CommitAlone(pending);
        }
        catch (Exception ex)
        {
            // Anything else (the database unreachable) would fail each append alone just the same, one
            // timeout after another, while every other item waits: the whole group is refused at once.
            foreach (var pending in group)
                pending.Done.TrySetException(ex);
        }
    }

    private async Task CommitAlone(Pending pending)
    {
        try
        {
            await Commit([pending]);
        }
        catch (Exception ex)
        {
            pending.Done.TrySetException(ex);
        }
    }

    private async Task Commit(IReadOnlyList<Pending> group)
    {
        using var activity = Telemetry.Source.StartActivity("group commit", ActivityKind.Internal, group[0].Trace ?? default,
            links: group.Skip(1).Where(p => p.Trace is not null).Select(p => new ActivityLink(p.Trace!.Value)));
        activity?.SetTag("qingzhou.commit.group_size", group.Count);
        GroupSize.Record(group.Count);
        await using var session = _store.LightweightSession();
        // One actor per session is Marten's model; a group has several, so each event carries its own.
        if (group.Count == 1)
        {
            session.CorrelationId = group[0].Append.Actor.CorrelationId;
            session.LastModifiedBy = group[0].Append.Actor.User;
        }
        var actions = new List<(Pending Pending, StreamAction Action)>(group.Count);
        foreach (var pending in group)
        {
            var append = pending.Append;
            // Marten's expected version is the version after the append.
            var action = session.Events.Append(append.Key, append.Version + append.Events.Count, append.Events.ToArray());
            foreach (var e in action.Events)
            {
                e.CorrelationId = append.Actor.CorrelationId;
                e.UserName = append.Actor.User;
                if (append.CommandKey is { } key)
                {
                    e.SetHeader(CommandKey.KeyHeader, key.Key);
                    e.SetHeader(CommandKey.FingerprintHeader, key.Fingerprint);
                }
            }
            if (append.Documents is { } documents)
                _held.Hold(session, append.Key, documents);
            actions.Add((pending, action));
        }
        // A silo that stalled may have been declared dead meanwhile, its items taken over elsewhere.
        await _fence.EnsureMember(CancellationToken.None);
        await session.SaveChangesAsync();
        foreach (var (pending, action) in actions)
            pending.Done.TrySetResult(new CommittedAppend(action.Events, _held.Documents(session, pending.Append.Key)));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
