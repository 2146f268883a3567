using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using JasperFx;
using Marten;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// The one place events are written. Every commit — a command's events, a form, a plan loaded, a plan
/// reorganised, an edition published — is staged here with the same headers on every event (who, the trace,
/// the operation, the commit, the retry key), under each stream's expected version, behind the stall fence,
/// with the chain linked by the inline projection in the same transaction; and it is answered only after
/// the transaction commits. Nothing is acknowledged earlier.
///
/// Small commits share transactions (group commit): those that arrive while one is being written go together
/// in the next, so a commit's cost (the version and sequence lookups, the inline documents, the fsync) is
/// paid once for many. Two groups may be written at once (Marten:CommitWriters): a stream has one command in
/// flight at a time and its chain is its own, so they touch different rows; one writer left the database idle
/// while the next group waited (0.63× bare Marten at 32 clients, two: 0.72–0.80×, four: 0.61×, docs/benchmarks.md). When a shared transaction fails because one commit's version moved, each of its
/// commits is tried again alone, so only that one fails; a commit of several streams fails whole. A large
/// commit (a form of thousands of rows) runs in a transaction of its own beside the group, so single reports
/// are not held behind it.
/// </summary>
public sealed class Appender : IAsyncDisposable
{
    public const int MaxGroup = 64;

    /// <summary>Commits of more streams than this run alone, beside the group.</summary>
    public const int GroupableStreams = 8;

    public const string OperationHeader = "operation";
    public const string CommitHeader = "commit";
    public const string FormRowHeader = "form-row";

    private static readonly Histogram<int> GroupSize = Telemetry.Meter.CreateHistogram<int>(
        "qingzhou.commit.group_size", "{commit}", "how many commits shared one transaction");

    private readonly IDocumentStore _store;
    private readonly StallFence _fence;
    private readonly HeldDocuments _held;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly Task[] _writers;

    private readonly ILogger<Appender> _logger;

    // While commits fail (the database unreachable, a silo fenced off), one warning, then one line when they resume.
    // With two writers a success can fall between two failures of one outage: it ends only after a quiet second.
    private static readonly TimeSpan QuietBeforeResumed = TimeSpan.FromSeconds(1);
    private int _failed;
    private long _failingSince;
    private long _lastFailure;

    public Appender(IDocumentStore store, StallFence fence, HeldDocuments held, ILogger<Appender> logger, IConfiguration configuration)
    {
        _store = store;
        _fence = fence;
        _held = held;
        _logger = logger;
        _writers = Enumerable.Range(0, Math.Max(1, configuration.GetValue("Marten:CommitWriters", 2))).Select(_ => Task.Run(Write)).ToArray();
    }

    /// <summary>Each stream's events as stored (version, sequence, timestamp), once their transaction has committed.</summary>
    public Task<IReadOnlyList<CommittedStream>> Append(Commit commit)
    {
        var pending = new Pending(commit, new TaskCompletionSource<IReadOnlyList<CommittedStream>>(TaskCreationOptions.RunContinuationsAsynchronously),
            Activity.Current?.Context);
        if (commit.Streams.Count > GroupableStreams)
            _ = CommitAlone(pending);
        else if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(Appender), "the server is stopping");
        return pending.Done.Task;
    }

    // The caller's trace travels with its commit: the transaction's span is a child of the first caller's and links the others.
    private sealed record Pending(Commit Commit, TaskCompletionSource<IReadOnlyList<CommittedStream>> Done, ActivityContext? Trace = null);

    private async Task Write()
    {
        var group = new List<Pending>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending))
                group.Add(pending);
            // A commit queued wakes every waiting writer; those that find the queue already emptied wait again.
            if (group.Count > 0)
                await CommitGroup(group);
        }
    }

    /// <summary>The given commits as one group, whatever else is queued: how tests make a group of their choosing.</summary>
    internal async Task<IReadOnlyList<Task<IReadOnlyList<CommittedStream>>>> CommitTogether(IReadOnlyList<Commit> commits)
    {
        var group = commits.Select(c => new Pending(c, new TaskCompletionSource<IReadOnlyList<CommittedStream>>(TaskCreationOptions.RunContinuationsAsynchronously))).ToList();
        await CommitGroup(group);
        return group.Select(p => p.Done.Task).ToList();
    }

    private async Task CommitGroup(List<Pending> group)
    {
        try
        {
            await Commit(group);
            Resumed();
        }
        catch (Exception ex) when (group.Count > 1 && IsConflict(ex))
        {
            // Some stream's version moved, or its chain already has a link where the next belongs (rows cut behind
            // the system's back): only its own commit can fail for that, so each is tried alone.
            foreach (var pending in group)
                await CommitAlone(pending);
        }
        catch (Exception ex)
        {
            // Anything else (the database unreachable) would fail each commit alone just the same, one timeout
            // after another, while every other stream waits: the whole group is refused at once.
            if (!IsConflict(ex))
                Failing(ex, group.Count);
            foreach (var pending in group)
                pending.Done.TrySetException(ex);
        }
    }

    private void Failing(Exception ex, int commits)
    {
        Interlocked.Exchange(ref _lastFailure, TimeProvider.System.GetTimestamp());
        if (Interlocked.Add(ref _failed, commits) == commits)
        {
            Interlocked.Exchange(ref _failingSince, TimeProvider.System.GetTimestamp());
            _logger.LogWarning("Commits are failing; callers are answered 503 until they succeed again: {Error}", ex.Message);
        }
    }

    private void Resumed()
    {
        if (Volatile.Read(ref _failed) == 0 || TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _lastFailure)) < QuietBeforeResumed)
            return;
        var failed = Interlocked.Exchange(ref _failed, 0);
        if (failed > 0)
            _logger.LogInformation("Commits resumed after {Failed} failed over {Seconds:0.0} s",
                failed, TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _failingSince)).TotalSeconds);
    }

    // Never throws: the commit's caller learns how it ended from its task.
    private async Task CommitAlone(Pending pending)
    {
        try
        {
            await Commit([pending]);
            Resumed();
        }
        catch (Exception ex)
        {
            if (!IsConflict(ex))
                Failing(ex, 1);
            pending.Done.TrySetException(ex);
        }
    }

    /// <summary>Whether a commit failed because a stream moved under it: deciding again against the stored state may succeed.</summary>
    public static bool IsConflict(Exception ex) =>
        ex is ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
        || SealLinks.IsCollision(ex);

    private async Task Commit(IReadOnlyList<Pending> group)
    {
        using var activity = Telemetry.Source.StartActivity("commit", ActivityKind.Internal, group[0].Trace ?? default,
            links: group.Skip(1).Where(p => p.Trace is not null).Select(p => new ActivityLink(p.Trace!.Value)));
        activity?.SetTag("qingzhou.commit.group_size", group.Count);
        GroupSize.Record(group.Count);
        await using var session = _store.LightweightSession();
        // One actor per session is Marten's model for the documents it writes; every event carries its own.
        if (group.Count == 1)
        {
            session.CorrelationId = group[0].Commit.Actor.CorrelationId;
            session.LastModifiedBy = group[0].Commit.Actor.User;
        }
        var staged = group.Select(p => (p, Stage(session, p.Commit))).ToList();
        // A silo that stalled may have been declared dead meanwhile, its items taken over elsewhere.
        await _fence.EnsureMember(CancellationToken.None);
        await session.SaveChangesAsync();
        foreach (var (pending, streams) in staged)
            pending.Done.TrySetResult(streams.Select(s => new CommittedStream(s.Key, s.Action.Events)).ToList());
    }

    private List<(string Key, JasperFx.Events.StreamAction Action)> Stage(IDocumentSession session, Commit commit)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var staged = new List<(string, JasperFx.Events.StreamAction)>(commit.Streams.Count);
        foreach (var stream in commit.Streams)
        {
            // Marten's expected version is the version after the append.
            var action = stream.Version == 0
                ? session.Events.StartStream(stream.Key, stream.Events.ToArray())
                : session.Events.Append(stream.Key, stream.Version + stream.Events.Count, stream.Events.ToArray());
            for (var i = 0; i < action.Events.Count; i++)
            {
                var e = action.Events[i];
                e.CorrelationId = commit.Actor.CorrelationId;
                e.UserName = commit.Actor.User;
                e.SetHeader(OperationHeader, commit.Operation);
                e.SetHeader(CommitHeader, id);
                if (commit.RetryKey is { } key)
                {
                    e.SetHeader(RetryKey.KeyHeader, key.Key);
                    e.SetHeader(RetryKey.FingerprintHeader, key.Fingerprint);
                }
                if (stream.FormRows is { } rows)
                    e.SetHeader(FormRowHeader, rows[i]);
            }
            if (stream.Held is { } held)
                _held.Hold(session, stream.Key, held);
            staged.Add((stream.Key, action));
        }
        commit.Alongside?.Invoke(session);
        return staged;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }
}
