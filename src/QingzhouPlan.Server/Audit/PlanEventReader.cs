using JasperFx.Events;
using Marten;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Server.Audit;

/// <summary>Reads a plan's events as they were known at an instant, or up to pinned versions.</summary>
public sealed class PlanEventReader(IDocumentStore store, Reports.ItemCheckpoints checkpoints)
{
    /// <summary>
    /// The plan's items, from the event store itself (each item stream's founding event), not from read-model
    /// rows that could be missing or altered without the chain noticing.
    /// </summary>
    public async Task<IReadOnlyList<string>> StreamKeys(string planId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var founding = await FoundingEvents(session, planId).ToListAsync(cancellationToken);
        return founding.Where(e => e.Data is IndicatorDefined or TaskDefined).Select(e => e.StreamKey!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The first event of every stream whose key begins with the plan's id (see <see cref="EventTimeIndex"/>).</summary>
    internal static IQueryable<IEvent> FoundingEvents(IQuerySession session, string planId)
    {
        var prefix = planId + "/";
        return session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith(prefix) && e.Version == 1);
    }

    /// <summary>Every event of the plan's items recorded at or before <paramref name="asOf"/>.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> KnownAt(string planId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var keys = (await StreamKeys(planId, cancellationToken)).ToArray();
        var cutoff = asOf.ToUniversalTime();
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.IsOneOf(keys) && e.Timestamp <= cutoff)
            .ToListAsync(cancellationToken);
        return events.Select(ToRecorded).ToList();
    }

    /// <summary>
    /// The execution report for a period as it stood at an instant. Items with a checkpoint known by then are
    /// folded from it, reading only their later events (one round trip for all of them); the others from their
    /// first event. The same report as folding every event known by then (<see cref="KnownAt"/>), at a cost that
    /// stays flat as items' histories grow.
    /// </summary>
    public async Task<ExecutionReport> ReportAt(string planId, Period period, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var keys = await StreamKeys(planId, cancellationToken);
        var cutoff = asOf.ToUniversalTime();
        var starts = (await checkpoints.Latest(planId, cutoff, cancellationToken))
            .Where(c => keys.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var whole = keys.Where(k => !starts.ContainsKey(k)).ToArray();
        await using var session = store.QuerySession();
        var events = new List<RecordedEvent>();
        if (whole.Length > 0)
            events.AddRange((await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamKey!.IsOneOf(whole) && e.Timestamp <= cutoff)
                .ToListAsync(cancellationToken)).Select(ToRecorded));
        if (starts.Count > 0)
        {
            var batch = session.CreateBatchQuery();
            var later = starts.Values.Select(c => batch.Events.FetchStream(c.Stream, timestamp: cutoff, fromVersion: c.Version + 1)).ToList();
            await batch.Execute(cancellationToken);
            foreach (var fetched in later)
                events.AddRange((await fetched).Select(ToRecorded));
        }
        return AsOfReport.Build(planId, period, asOf, events, starts);
    }

    /// <summary>Every event of the pinned streams up to each stream's pinned version.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> UpTo(IReadOnlyDictionary<string, long> versions, CancellationToken cancellationToken)
    {
        var keys = versions.Keys.ToArray();
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.IsOneOf(keys)).ToListAsync(cancellationToken);
        return events.Where(e => e.Version <= versions[e.StreamKey!]).Select(ToRecorded).ToList();
    }

    /// <summary>One item's events, in order.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> Stream(string key, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return (await session.Events.FetchStreamAsync(key, token: cancellationToken)).Select(ToRecorded).ToList();
    }

    public static RecordedEvent ToRecorded(IEvent e) => new(e.StreamKey!, e.Version, e.Sequence, e.Timestamp, e.Data);
}
