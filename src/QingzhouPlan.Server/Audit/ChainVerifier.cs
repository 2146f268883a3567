using JasperFx.Events;
using Marten;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Reports;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// Recomputes every stream's hash chain from the events as they now stand in PostgreSQL and names each
/// event altered, deleted or inserted behind the system's back; checks that every published edition's
/// recorded chain heads are still the seals' links; and, given an anchor kept outside PostgreSQL, that no
/// stream was rewritten together with its seal or cut short. Each event is checked against its own sealed
/// predecessor, so one altered event is reported alone. The store is read a page at a time: memory grows
/// with the number of streams, not of events. A page is a range of sequence numbers rather than "the next
/// 5,000 in order": asked for the latter, PostgreSQL with stale statistics (after a bulk load, or a crash that
/// reset them) sorted every remaining event for every page, which grows with the square of the store.
/// </summary>
public sealed class ChainVerifier(IDocumentStore store, Transparency.LogAudit log, Forms.FormFiles files)
{
    public const int PageSize = 5000;

    public async Task<ChainVerification> Verify(ChainAnchor? anchor, QingzhouPlan.Transparency.SignedNote? checkpoint, CancellationToken cancellationToken)
    {
        var findings = new List<ChainFinding>();
        // Per stream, how many of its events matched a sealed link: fewer than the seal's links means deletions.
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        // The uploaded files the events name (by SHA-256 in their actor), to look for among those kept.
        var named = new HashSet<string>(StringComparer.Ordinal);
        var checkedEvents = 0;
        await using var session = store.QuerySession();
        // Read first: an event the sequencer had passed when verification began must have its leaf.
        var logged = await log.Cursor(cancellationToken);
        // Events appended while the pages are read are verified too: the last number is read again on reaching it.
        var last = await LastSequence(session, cancellationToken);
        for (long after = 0, through; after < last; after = through)
        {
            through = Math.Min(after + PageSize, last);
            var page = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after && e.Sequence <= through)
                .OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
            if (through >= last)
                last = await LastSequence(session, cancellationToken);
            var ours = page.Where(StoreEvents.IsOurs).ToList();
            // Only the links these events need — their own and their predecessors' — not their streams' whole chains.
            var links = await SealLinks.At(session, ours.SelectMany(e => new[] { (e.StreamKey!, e.Version), (e.StreamKey!, e.Version - 1) }), cancellationToken);
            foreach (var e in ours)
            {
                checkedEvents++;
                var link = links.GetValueOrDefault((e.StreamKey!, e.Version));
                // Counted only when sealed: an inserted event must not hide a deleted one of the same stream.
                if (link is not null)
                    seen[e.StreamKey!] = seen.GetValueOrDefault(e.StreamKey!) + 1;
                findings.AddRange(Check(e, link, links.GetValueOrDefault((e.StreamKey!, e.Version - 1))?.Hash ?? HashChain.Genesis));
            }
            findings.AddRange(await log.Page(ours, after, through, logged, cancellationToken));
            named.UnionWith(ours.Select(e => (e.Data as Domain.Items.IItemEvent)?.Actor.SourceFile).OfType<string>());
        }
        // Leaves beyond the last event the sequencer had passed: the store's tail was cut after it was logged.
        if (logged > last)
            findings.AddRange(await log.Page([], last, logged, logged, cancellationToken));
        var sealCount = 0;
        await foreach (var seal in Seals(session, cancellationToken))
        {
            sealCount++;
            if (seal.Links.Count > seen.GetValueOrDefault(seal.Id))
                findings.AddRange(await Deleted(session, seal, cancellationToken));
        }
        findings.AddRange(await Editions(session, cancellationToken));
        findings.AddRange(await Snapshots(session, cancellationToken));
        if (anchor is not null)
            findings.AddRange(await Anchored(session, anchor, cancellationToken));
        findings.AddRange((await files.Recheck(named, cancellationToken)).Select(problem => new ChainFinding("", 0, 0, "file", problem)));
        var (summary, logFindings) = await log.Tree(checkpoint, cancellationToken);
        findings.AddRange(logFindings);
        return new ChainVerification(findings.Count == 0, checkedEvents, sealCount, anchor?.CreatedAt, summary,
            findings.OrderBy(f => f.Stream, StringComparer.Ordinal).ThenBy(f => f.Version).ToList());
    }

    private static async Task<long> LastSequence(IQuerySession session, CancellationToken cancellationToken) =>
        await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);

    private static IEnumerable<ChainFinding> Check(IEvent e, SealLink? link, string previous)
    {
        if (link is null)
        {
            yield return new ChainFinding(e.StreamKey!, e.Version, e.Sequence, "inserted", "an event the chain never sealed");
            yield break;
        }
        if (CanonicalEvent.Hash(previous, e.StreamKey!, e, link.Algorithm) != link.Hash)
            yield return new ChainFinding(e.StreamKey!, e.Version, e.Sequence, "altered", "content differs from the sealed hash");
    }

    private static async IAsyncEnumerable<StreamSeal> Seals(IQuerySession session, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        for (var after = ""; ;)
        {
            var page = await SealLinks.Page(session, after, 500, ct);
            if (page.Count == 0)
                yield break;
            foreach (var seal in page)
                yield return seal;
            after = page[^1].Id;
        }
    }

    private static async Task<IEnumerable<ChainFinding>> Deleted(IQuerySession session, StreamSeal seal, CancellationToken ct)
    {
        var present = (await session.Events.QueryAllRawEvents().Where(e => e.StreamKey == seal.Id).Select(e => e.Version).ToListAsync(ct)).ToHashSet();
        return seal.Links.Where(l => !present.Contains(l.Version))
            .Select(l => new ChainFinding(seal.Id, l.Version, l.Sequence, "deleted", $"sealed {l.Type} is missing"));
    }

    // As-of reports start from snapshots: one altered behind the system's back would alter history as reported
    // without touching an event, so each is folded again from its item's events and compared. The columns it is
    // found by must say what its body says; a report never trusts them, but a changed one is named here.
    // A page of snapshots at a time, by id: a long history has many, of several KB each.
    private async Task<IEnumerable<ChainFinding>> Snapshots(IQuerySession session, CancellationToken ct)
    {
        var findings = new List<ChainFinding>();
        var serializer = store.Options.Serializer();
        var table = store.Options.FindOrResolveDocumentType(typeof(Reports.SnapshotDocument)).TableName.QualifiedName;
        var events = new Dictionary<string, IReadOnlyList<IEvent>>(StringComparer.Ordinal);
        for (var after = ""; ;)
        {
            var page = await session.AdvancedSql.QueryAsync<SnapshotRow>(
                $"""
                select jsonb_build_object('Id', id, 'PlanId', plan_id, 'Stream', stream, 'Version', version, 'KnownBy', known_by,
                    'Document', data) from {table} where id > ? order by id limit ?
                """, ct, after, SnapshotPage);
            if (page.Count == 0)
                return findings;
            after = page[^1].Id;
            foreach (var row in page)
            {
                var kept = row.Document.Snapshot;
                if (row.Id != Reports.SnapshotDocument.IdOf(kept.Stream, kept.Version) || row.Stream != kept.Stream || row.Version != kept.Version
                    || row.PlanId != Domain.Plans.PlanKeys.Split(kept.Stream).PlanId || (row.KnownBy - kept.KnownBy).Duration() > TimeSpan.FromMilliseconds(1))
                    findings.Add(new ChainFinding(kept.Stream, kept.Version, 0, "snapshot",
                        $"the columns of snapshot row '{row.Id}' (stream, version, time, plan) do not say what its body says"));
                if (!events.TryGetValue(kept.Stream, out var stream))
                    events[kept.Stream] = stream = await session.Events.FetchStreamAsync(kept.Stream, token: ct);
                var upTo = stream.Where(e => e.Version <= kept.Version).Select(e => (e.Data, e.Timestamp)).ToList();
                var folded = kept.Indicator is not null
                    ? new ItemSnapshot(kept.Stream, kept.KnownBy, Domain.Indicators.IndicatorState.From(upTo), null)
                    : new ItemSnapshot(kept.Stream, kept.KnownBy, null, Domain.Tasks.TaskState.From(upTo));
                // Event times come back from PostgreSQL in microseconds; the snapshot kept the instant as appended.
                var knownBy = upTo.Count == 0 ? DateTimeOffset.MinValue : upTo.Max(e => e.Timestamp);
                if (upTo.Count != kept.Version || (knownBy - kept.KnownBy).Duration() > TimeSpan.FromMilliseconds(1)
                    || serializer.ToJson(folded) != serializer.ToJson(kept))
                    findings.Add(new ChainFinding(kept.Stream, kept.Version, 0, "snapshot",
                        "the snapshot kept for as-of reports does not match the item's events up to its version"));
            }
            // A page's streams are read once; the next page has others, mostly.
            events.Clear();
        }
    }

    private const int SnapshotPage = 500;

    private sealed record SnapshotRow(string Id, string PlanId, string Stream, long Version, DateTimeOffset KnownBy, Reports.SnapshotDocument Document);

    // An edition pins each item's version and chain head; the seal must still hold that very link.
    private static async Task<IEnumerable<ChainFinding>> Editions(IQuerySession session, CancellationToken ct)
    {
        var findings = new List<ChainFinding>();
        foreach (var edition in await session.Events.QueryRawEventDataOnly<EditionPublished>().ToListAsync(ct))
        {
            var links = await SealLinks.At(session, edition.ChainHeads.Keys.Select(stream => (stream, edition.Versions.GetValueOrDefault(stream))), ct);
            foreach (var (stream, head) in edition.ChainHeads)
            {
                var version = edition.Versions.GetValueOrDefault(stream);
                var link = links.GetValueOrDefault((stream, version));
                if (link?.Hash != head)
                    findings.Add(new ChainFinding(stream, version, link?.Sequence ?? 0, "edition",
                        $"edition {edition.Number} ({edition.Period}) recorded chain head {head[..12]}…, the seal now holds {(link is null ? "no such link" : link.Hash[..12] + "…")}"));
            }
        }
        return findings;
    }

    private async Task<IEnumerable<ChainFinding>> Anchored(IQuerySession session, ChainAnchor anchor, CancellationToken ct)
    {
        var findings = new List<ChainFinding>();
        foreach (var page in anchor.Heads.Chunk(500))
        {
            var links = await SealLinks.At(session, page.Select(h => (h.Key, h.Value.Version)), ct);
            foreach (var (stream, head) in page)
            {
                var link = links.GetValueOrDefault((stream, head.Version));
                if (link is null)
                    findings.Add(new ChainFinding(stream, head.Version, 0, "truncated", $"the anchor of {anchor.CreatedAt:O} holds version {head.Version}; the store no longer has it"));
                else if (link.Hash != head.Hash)
                    findings.Add(new ChainFinding(stream, head.Version, link.Sequence, "rewritten", $"the chain differs from the anchor of {anchor.CreatedAt:O}: events and seal were changed together"));
            }
        }
        return findings;
    }
}

public sealed record ChainVerification(
    bool Intact, int EventsChecked, int StreamsSealed, DateTimeOffset? AnchoredAt, Transparency.LogSummary Log, IReadOnlyList<ChainFinding> Findings);

public sealed record ChainFinding(string Stream, long Version, long Sequence, string Kind, string Detail);
