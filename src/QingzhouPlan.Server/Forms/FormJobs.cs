using System.Collections.Concurrent;
using Marten;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// Imports that answer at once (Prefer: respond-async) and run on, so a large form's progress can be watched.
/// The node that runs a job keeps it in memory, and its view in PostgreSQL as it moves (at most every
/// <see cref="Shared"/>), so a client polling another node of a cluster sees it too. A process that stops
/// mid-import loses the job, never half a form: the commit is one transaction, and uploading the same file
/// again is safe; a job whose view has not moved for <see cref="Abandoned"/> is shown as interrupted.
/// </summary>
public sealed class FormJobs(FormImports imports, IDocumentStore store, FormLimits limits, TimeProvider clock, ILogger<FormJobs> logger)
{
    // A job waits its turn to read longer than a request would: it was accepted, and its uploader is not held.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Kept = TimeSpan.FromHours(1);

    public static readonly TimeSpan Shared = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    // Progress and staleness are judged in real seconds, whatever the business clock says.
    private static readonly TimeProvider RealClock = TimeProvider.System;

    private readonly ConcurrentDictionary<Guid, FormJob> _jobs = new();

    /// <summary>The job, started; <see cref="FormsBusy"/> when its uploader, or the server, has as many running as allowed.</summary>
    public async Task<FormJob> Start(FormUpload upload)
    {
        FormJob job;
        // Counted and added under one lock, so two uploads at once cannot both take the last place.
        lock (_jobs)
        {
            foreach (var old in _jobs.Values.Where(j => j.EndedAt < clock.GetUtcNow() - Kept))
                _jobs.TryRemove(old.Id, out _);
            var running = _jobs.Values.Where(j => j.EndedAt is null).ToList();
            if (running.Count(j => j.User == upload.Actor.User) >= limits.JobsPerUser)
                throw new FormsBusy($"you have {limits.JobsPerUser} imports running; start another when one has ended");
            if (running.Count >= limits.Jobs)
                throw new FormsBusy($"the server has {limits.Jobs} imports running; retry shortly");
            job = new FormJob(Guid.NewGuid(), upload.PlanId, upload.Actor.User, Store);
            _jobs[job.Id] = job;
        }
        await Forget(RealClock.GetUtcNow() - Kept);
        await job.Share();
        _ = Task.Run(async () =>
        {
            try
            {
                job.Finish(await imports.Run(upload, job, Patience, CancellationToken.None), clock.GetUtcNow());
            }
            catch (FormsBusy)
            {
                job.Fail("服务器正忙，未能读取此表，未写入任何数据；请稍后重新上传", clock.GetUtcNow());
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Form import {Job} failed", job.Id);
                job.Fail("导入失败，未写入任何数据；请稍后重新上传", clock.GetUtcNow());
            }
            await job.Share();
        });
        return job;
    }

    /// <summary>The job as this node knows it, or as the node running it last shared it.</summary>
    public async Task<FormJobRecord?> Find(Guid id, CancellationToken cancellationToken)
    {
        if (_jobs.GetValueOrDefault(id) is { } here)
            return here.Record(RealClock.GetUtcNow());
        await using var session = store.QuerySession();
        if (await session.LoadAsync<FormJobRecord>(id, cancellationToken) is not { } shared)
            return null;
        return shared.View.State == "running" && RealClock.GetUtcNow() - shared.SharedAt > Abandoned
            ? shared with { View = shared.View with { State = "interrupted", Error = "导入中断（处理它的节点已停止）：表单要么已整体写入，要么未写入任何数据；重新上传同一文件是安全的，已写入的行不会重复写入" } }
            : shared;
    }

    // Shared views are kept as long as this node keeps its own jobs.
    private async Task Forget(DateTimeOffset before)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.DeleteWhere<FormJobRecord>(r => r.SharedAt < before);
            await session.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning("Old form import jobs not forgotten: {Error}", ex.Message);
        }
    }

    private async Task Store(FormJobRecord record)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Store(record);
            await session.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            // The job runs on regardless; only other nodes' view of it lags.
            logger.LogWarning("Progress of form import {Job} not shared: {Error}", record.Id, ex.Message);
        }
    }
}

/// <summary>One import in progress or ended; it reports its own progress, and shares it now and then.</summary>
public sealed class FormJob(Guid id, string planId, string user, Func<FormJobRecord, Task> store) : IProgress<FormProgress>
{
    private volatile FormJobView _view = new(id, "running", new FormProgress("排队", 0, 0), null, null);
    private long _sharedAt = TimeProvider.System.GetTimestamp();
    private readonly SemaphoreSlim _sharing = new(1, 1);

    public Guid Id => id;
    public string PlanId => planId;
    public string User => user;
    public DateTimeOffset? EndedAt { get; private set; }

    public FormJobView View => _view;

    public void Report(FormProgress value)
    {
        _view = _view with { Progress = value };
        // Not more often than every half second, and never queued behind a share still running: progress comes row by row.
        var last = Interlocked.Read(ref _sharedAt);
        if (TimeProvider.System.GetElapsedTime(last) < FormJobs.Shared || _sharing.CurrentCount == 0
            || Interlocked.CompareExchange(ref _sharedAt, TimeProvider.System.GetTimestamp(), last) != last)
            return;
        _ = Task.Run(Share);
    }

    /// <summary>
    /// Stores the view for the other nodes. One share at a time, each reading the view when it writes: the last
    /// one stored is the latest view.
    /// </summary>
    public async Task Share()
    {
        await _sharing.WaitAsync();
        try
        {
            await store(Record(TimeProvider.System.GetUtcNow()));
        }
        finally
        {
            _sharing.Release();
        }
    }

    public FormJobRecord Record(DateTimeOffset at) => new(id, planId, user, _view, at);

    public void Finish(FormAnswer answer, DateTimeOffset at)
    {
        _view = _view with { State = "done", Answer = answer };
        EndedAt = at;
    }

    public void Fail(string error, DateTimeOffset at)
    {
        _view = _view with { State = "failed", Error = error };
        EndedAt = at;
    }
}

/// <summary>An import as its uploader sees it: running, done (with the answer) or failed.</summary>
public sealed record FormJobView(Guid Id, string State, FormProgress Progress, FormAnswer? Answer, string? Error);
