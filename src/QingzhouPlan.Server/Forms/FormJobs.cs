using System.Collections.Concurrent;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// Imports that answer at once (Prefer: respond-async) and run on, so a large form's progress can be watched.
/// Jobs live in this process's memory for an hour after they end. A process that stops mid-import loses
/// the job, never half a form: the commit is one transaction, and uploading the same file again is safe.
/// </summary>
public sealed class FormJobs(FormImports imports, TimeProvider clock, ILogger<FormJobs> logger)
{
    private static readonly TimeSpan Kept = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, FormJob> _jobs = new();

    public FormJob Start(FormUpload upload)
    {
        foreach (var old in _jobs.Values.Where(j => j.EndedAt < clock.GetUtcNow() - Kept))
            _jobs.TryRemove(old.Id, out _);
        var job = new FormJob(Guid.NewGuid(), upload.PlanId, upload.Actor.User);
        _jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            try
            {
                job.Finish(await imports.Run(upload, job, CancellationToken.None), clock.GetUtcNow());
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Form import {Job} failed", job.Id);
                job.Fail("导入失败，未写入任何数据；请稍后重新上传", clock.GetUtcNow());
            }
        });
        return job;
    }

    public FormJob? Find(Guid id) => _jobs.GetValueOrDefault(id);
}

/// <summary>One import in progress or ended; it reports its own progress.</summary>
public sealed class FormJob(Guid id, string planId, string user) : IProgress<FormProgress>
{
    private volatile FormJobView _view = new(id, "running", new FormProgress("排队", 0, 0), null, null);

    public Guid Id => id;
    public string PlanId => planId;
    public string User => user;
    public DateTimeOffset? EndedAt { get; private set; }

    public FormJobView View => _view;

    public void Report(FormProgress value) => _view = _view with { Progress = value };

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
