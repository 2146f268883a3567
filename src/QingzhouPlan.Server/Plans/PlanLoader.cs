using JasperFx.Events;
using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// Loads each seeded plan into the event store on start, once. A plan already in the store is never
/// touched again: a seed that differs from it is reported (log and endpoint), because changing a
/// target is an explicit, reasoned command, not an edit of a file.
/// </summary>
public sealed class PlanLoader(
    IDocumentStore store, Appender appender, SeedFiles files, SeedDifferenceLog differences, IConfiguration configuration, SwitchableClock clock,
    ILogger<PlanLoader> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var path in files.PlanFiles())
        {
            PlanSeed seed;
            string sha;
            try
            {
                seed = SeedFiles.Read(path);
                sha = files.DocumentSha256(seed);
            }
            catch (Exception ex) when (ex is IOException or YamlDotNet.Core.YamlException)
            {
                // A broken seed must not take the system down: what is in the store keeps being served.
                logger.LogError("Seed {File} cannot be read, nothing loaded from it: {Error}", Path.GetFileName(path), ex.Message);
                continue;
            }
            if (!string.Equals(sha, seed.Plan.DocumentSha256, StringComparison.OrdinalIgnoreCase))
            {
                logger.LogError("Seed {File} was made from a document with sha256 {Expected}, but {Document} has {Actual}; nothing loaded from it",
                    Path.GetFileName(path), seed.Plan.DocumentSha256, seed.Plan.Document, sha);
                differences.Record(seed.Plan.Id, [$"document {seed.Plan.Document} is not the one the seed was made from (sha256 {sha})"]);
                continue;
            }
            await using var session = store.QuerySession();
            if (await session.LoadAsync<PlanDocument>(seed.Plan.Id, cancellationToken) is null)
            {
                await Load(seed, sha);
                continue;
            }
            var found = await SeedComparison.Compare(seed, sha, session, cancellationToken);
            differences.Record(seed.Plan.Id, found);
            foreach (var difference in found)
                logger.LogWarning("Seed {File} differs from plan {Plan} in the store: {Difference}", Path.GetFileName(path), seed.Plan.Id, difference);
            if (found.Count == 0)
                logger.LogInformation("Plan {Plan} already loaded and matches {File}", seed.Plan.Id, Path.GetFileName(path));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal async Task Load(PlanSeed seed, string sha)
    {
        var loader = ActedBy.System("plan-loader");
        PlanFoundation foundation;
        await using (var session = store.QuerySession())
            foundation = await PlanFoundation.Prepare(seed, sha, loader, session, CancellationToken.None);
        if (foundation.Disagreements is { Count: > 0 } disagreements)
        {
            // Last year's plan holds other figures than the document reports: someone decides which is right.
            var found = disagreements.Select(PlanFoundation.Describe).ToList();
            differences.Record(seed.Plan.Id, found);
            logger.LogError("Seed {Plan} reports last year's results that differ from plan {Previous} in the store; nothing loaded: {Differences}",
                seed.Plan.Id, seed.Plan.PreviousPlanId, string.Join("; ", found));
            return;
        }
        var streams = foundation.Streams;
        // A local launcher (and the tests) open every period for entry, whatever the seed's window: the 2024 plan's
        // windows closed long ago. Recorded on the plan's stream like any setting, so history says entry was opened.
        if (configuration.GetValue("Seeds:OpenWindows", false) && seed.Round?.Window is not null)
            streams = [streams[0] with { Events = [.. streams[0].Events, new Domain.Rounds.ReportingWindowSet(Domain.Rounds.ReportingWindow.AlwaysOpen,
                "本地启动：开放全部报送窗口", loader)] }, .. streams.Skip(1)];
        // A demonstration records the plan on the day it was adopted, so a scripted year that follows reads
        // as a history; a real deployment records the moment the plan was loaded, as for every other event.
        if (configuration.GetValue("Seeds:RecordAtAdoption", false))
            clock.Pin(Domain.Periods.PlanClock.StartOfDay(DateOnly.Parse(seed.Plan.AdoptedOn)).AddHours(9));
        try
        {
            // One commit: a plan is loaded whole or not at all; every stream starts here (version 0).
            await appender.Append(new Commit(Operations.LoadPlan, loader, streams.Select(s => new StreamAppend(s.Key, 0, s.Events.ToList())).ToList()));
            differences.Record(seed.Plan.Id, []);
            logger.LogInformation("Loaded plan {Plan}: {Indicators} indicators, {Results} previous-year results, {Tasks} tasks",
                seed.Plan.Id, seed.Indicators.Count, seed.Results.Count, seed.Tasks.Count);
        }
        // Marten reports the collision with its own exception type, not the JasperFx one of the same name.
        catch (Exception ex) when (ex is Marten.Exceptions.ExistingStreamIdCollisionException or ExistingStreamIdCollisionException)
        {
            // Another host loaded it at the same moment; its load is the one that stands.
            logger.LogInformation("Plan {Plan} was loaded concurrently by another host", seed.Plan.Id);
        }
        finally
        {
            clock.Release();
        }
    }
}
