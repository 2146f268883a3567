using System.Security.Cryptography;
using JasperFx;
using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Forms;

/// <summary>A form as uploaded: to which plan and department, by whom, and whether to apply it or only check it.</summary>
public sealed record FormUpload(string PlanId, string Department, byte[] File, bool Commit, ActedBy Actor);

/// <summary>
/// Checks a filled-in form against the items it names and, when asked, applies it all or nothing: every
/// item's events in one transaction, each stream under the version its rows were decided against. Items
/// are read from their stored state (the inline documents); a grain that wrote meanwhile makes the commit
/// fail on that version, and the form is decided once more. After the commit the items' grains reload,
/// which keeps the plan's summaries and change feed live.
/// </summary>
public sealed class FormImports(
    IDocumentStore store, IGrainFactory grains, FormFiles files, FormReadGate reads, Appender appender,
    [FromKeyedServices(Clocks.Business)] TimeProvider clock, ILogger<FormImports> logger)
{
    /// <summary>The answer to a form; <see cref="FormsBusy"/> when no turn to read it came within <paramref name="patience"/>.</summary>
    public async Task<FormAnswer> Run(FormUpload upload, IProgress<FormProgress>? progress, TimeSpan patience, CancellationToken cancellationToken)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(upload.File));
        progress?.Report(new FormProgress("读取", 0, 0));
        var reading = await reads.Read(upload.File, upload.Actor.User, patience, cancellationToken);
        var findings = reading.Findings.ToList();
        if (reading.Header is { } header && HeaderProblem(header, upload) is { } headerProblem)
            findings.Add(FormFinding.OfFile(headerProblem));
        FormAnswer Answer(IReadOnlyList<FormChange> changes, bool committed) =>
            new(reading.Header?.FormId, sha, upload.File.Length, upload.Department, reading.Header?.Round.ToString(), !upload.Commit, committed,
                FormCounts.Of(reading.Entries.Count, changes, findings), findings, changes);
        // A form that is not this department's (or not a form) goes no further; bad rows do not stop the
        // others being checked, so one dry run lists every problem.
        if (reading.Header is null || findings.Any(f => f.Severity == FindingSeverity.Error && f.Row == 0))
            return Answer([], false);

        for (var attempt = 1; ; attempt++)
        {
            var plan = await Decide(reading, upload.PlanId, upload.Actor with { SourceFile = sha }, progress, cancellationToken);
            var decided = findings.Concat(plan.Findings.Select(reading.Located)).ToList();
            if (decided.Any(f => f.Severity == FindingSeverity.Error) || !upload.Commit || plan.Streams.Count == 0)
            {
                findings = decided;
                return Answer(plan.Changes, false);
            }
            try
            {
                progress?.Report(new FormProgress("写入", 0, plan.Streams.Count));
                await Commit(upload, reading.Header, sha, plan, FormCounts.Of(reading.Entries.Count, plan.Changes, decided));
            }
            catch (Exception ex) when (Appender.IsConflict(ex) && attempt == 1)
            {
                continue;
            }
            catch (Exception ex) when (Appender.IsConflict(ex))
            {
                findings.Add(FormFinding.OfFile("表中的项目在核对期间被他人改动了两次，未写入任何数据；请重新上传"));
                return Answer(plan.Changes, false);
            }
            findings = decided;
            await CatchUp(upload.PlanId, plan, upload.Actor with { SourceFile = sha }, progress);
            progress?.Report(new FormProgress("完成", plan.Streams.Count, plan.Streams.Count));
            return Answer(plan.Changes, true);
        }
    }

    private static string? HeaderProblem(FormHeader header, FormUpload upload) =>
        header.TemplateVersion != FormHeader.CurrentVersion ? $"模板版本 {header.TemplateVersion} 已不再受理，请重新下载报表模板"
        : header.PlanId != upload.PlanId ? $"此表属于计划「{header.PlanId}」，不能上传到「{upload.PlanId}」"
        : header.Department != upload.Department ? $"此表是「{header.Department}」的报表，不能作为「{upload.Department}」的报表上传"
        : null;

    /// <summary>Every stream the form changes: the version its rows were decided against and the events, each with its row's id.</summary>
    private sealed record StreamPlan(string Key, long Version, List<(IItemEvent Event, string RowId)> Events);

    private sealed record ImportPlan(List<StreamPlan> Streams, List<FormChange> Changes, List<FormFinding> Findings);

    private async Task<ImportPlan> Decide(FormReading reading, string planId, ActedBy actor, IProgress<FormProgress>? progress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policy = await grains.GetGrain<IPlanGrain>(planId).RoundPolicy();
        var keys = reading.Entries.Select(e => PlanKeys.Item(planId, e.Code)).Distinct().ToList();
        await using var session = store.QuerySession();
        var documents = await session.LoadManyAsync<IndicatorDocument>(cancellationToken, keys);
        var attached = await LastYears.Attach(session, documents.Select(d => d.State).ToList(), policy, cancellationToken);
        var indicators = documents.Zip(attached).ToDictionary(p => p.First.Id, p => p.Second);
        var tasks = (await session.LoadManyAsync<TaskDocument>(cancellationToken, keys)).ToDictionary(d => d.Id, d => d.State);
        var streams = new Dictionary<string, StreamPlan>();
        var plan = new ImportPlan([], [], []);
        var done = 0;
        foreach (var entry in reading.Entries)
        {
            var key = PlanKeys.Item(planId, entry.Code);
            var rowId = FormRowId.Of(reading.Header!.FormId, entry);
            var decision = entry switch
            {
                FigureEntry figure => FormDecision.Figure(indicators.GetValueOrDefault(key, IndicatorState.Empty), figure, rowId, actor, now, policy),
                ProgressEntry progressEntry => FormDecision.Progress(tasks.GetValueOrDefault(key, TaskState.Empty), progressEntry, rowId, actor, now),
                _ => throw new ArgumentOutOfRangeException(nameof(reading), entry, null),
            };
            switch (decision)
            {
                case RowDecision.Changed changed:
                    // Later rows for the same item are decided against the state these events leave.
                    if (indicators.TryGetValue(key, out var indicator))
                        indicators[key] = changed.Events.Aggregate(indicator, (s, e) => s.Apply(e, now));
                    else if (tasks.TryGetValue(key, out var task))
                        tasks[key] = changed.Events.Aggregate(task, (s, e) => s.Apply(e, now));
                    if (!streams.TryGetValue(key, out var stream))
                        plan.Streams.Add(streams[key] = stream = new StreamPlan(key, VersionBefore(key, indicators, tasks, changed.Events.Count), []));
                    stream.Events.AddRange(changed.Events.Select(e => (e, rowId)));
                    plan.Changes.Add(changed.Change);
                    if (changed.Note is { } note)
                        plan.Findings.Add(note);
                    break;
                case RowDecision.Unchanged unchanged:
                    plan.Changes.Add(unchanged.Change);
                    break;
                case RowDecision.Refused refused:
                    plan.Findings.Add(refused.Finding);
                    break;
            }
            if (++done % 500 == 0)
                progress?.Report(new FormProgress("核对", done, reading.Entries.Count));
        }
        return plan;
    }

    // The stream's version before this form: the folded state's version less the events just applied to it.
    private static long VersionBefore(string key, Dictionary<string, IndicatorState> indicators, Dictionary<string, TaskState> tasks, int applied) =>
        (indicators.TryGetValue(key, out var i) ? i.Version : tasks[key].Version) - applied;

    private async Task Commit(FormUpload upload, FormHeader header, string sha, ImportPlan plan, FormCounts counts)
    {
        var now = clock.GetUtcNow();
        var streams = plan.Streams.Select(s => new StreamAppend(s.Key, s.Version, s.Events.Select(e => (object)e.Event).ToList(), FormRows: s.Events.Select(e => e.RowId).ToList())).ToList();
        await appender.Append(new Commit(Operations.CommitForm, upload.Actor, streams)
        {
            // The file and the record of its import stand or fall with its figures.
            Alongside = session =>
            {
                files.Keep(session, sha, upload.File, upload.Actor.User, now);
                session.Store(new FormImportRecord(Guid.NewGuid(), upload.PlanId, upload.Department, header.FormId, header.Round.ToString(), sha,
                    upload.File.Length, upload.Actor.User, now, counts));
            },
        });
        logger.LogInformation("Form {Form} ({Sha}) from {User} committed: {Streams} items, {Reports} reports, {Corrections} corrections, {Progress} task reports",
            header.FormId, sha, upload.Actor.User, plan.Streams.Count, counts.Reports, counts.Corrections, counts.Progress);
    }

    // Grains hold their item's state in memory; each applies what the form appended and tells the plan.
    private async Task CatchUp(string planId, ImportPlan plan, ActedBy actor, IProgress<FormProgress>? progress)
    {
        var done = 0;
        await Parallel.ForEachAsync(plan.Streams, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (stream, _) =>
        {
            try
            {
                var version = stream.Version + stream.Events.Count;
                if (stream.Events[0].Event is TaskProgressReported)
                    await grains.GetGrain<ITaskGrain>(stream.Key).CatchUp(version, actor);
                else
                    await grains.GetGrain<IIndicatorGrain>(stream.Key).CatchUp(version, actor);
            }
            catch (Exception ex)
            {
                // The form stands; a grain that missed it reloads on its next write's version conflict.
                logger.LogWarning("{Item} did not catch up after form import into {Plan}: {Error}", stream.Key, planId, ex.Message);
            }
            if (Interlocked.Increment(ref done) % 500 == 0)
                progress?.Report(new FormProgress("刷新", done, plan.Streams.Count));
        });
    }
}
