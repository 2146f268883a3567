using Marten;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Reports;

namespace QingzhouPlan.Server.Transparency;

/// <summary>A plan's integrity signals (<see cref="IntegritySignals"/>), each act with the leaf of the log that records it.</summary>
public sealed class IntegritySignalReader(IDocumentStore store, PlanEventReader reader, LogReader log, IOptions<ReportingOptions> reporting)
{
    public async Task<IReadOnlyList<IntegritySignal>> Of(string planId, CancellationToken cancellationToken)
    {
        var keys = (await reader.StreamKeys(planId, cancellationToken)).ToArray();
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.IsOneOf(keys)).ToListAsync(cancellationToken);
        var leaves = await log.LeavesOf(events.Select(e => e.Sequence), cancellationToken);
        var acts = events.Select(e => new LoggedAct(leaves.TryGetValue(e.Sequence, out var leaf) ? leaf.Index : null, e.StreamKey!, e.Version, e.Timestamp, e.Data)).ToList();
        var editions = (await session.Events.FetchStreamAsync(Editions.StreamKey(planId), token: cancellationToken))
            .Select(e => new PublishedEdition(((EditionPublished)e.Data).Number, e.Timestamp, ((EditionPublished)e.Data).Versions)).ToList();
        return IntegritySignals.Find(acts, editions, reporting.Value.GraceDays);
    }
}
