using Marten;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// Recomputes every stream's hash chain from the events as they now stand in PostgreSQL and names each
/// event altered, deleted or inserted behind the system's back. Each event is checked against its own
/// sealed predecessor, so one altered event is reported alone rather than everything after it.
/// </summary>
public sealed class ChainVerifier(IDocumentStore store)
{
    public async Task<ChainVerification> Verify(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var seals = (await session.Query<StreamSeal>().ToListAsync(cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var findings = new List<ChainFinding>();

        foreach (var stream in events.GroupBy(e => e.StreamKey!))
        {
            seals.TryGetValue(stream.Key, out var seal);
            var links = seal?.Links.ToDictionary(l => l.Version) ?? [];
            foreach (var e in stream.OrderBy(e => e.Version))
            {
                if (!links.TryGetValue(e.Version, out var link))
                {
                    findings.Add(new ChainFinding(stream.Key, e.Version, e.Sequence, "inserted", "an event the chain never sealed"));
                    continue;
                }
                var previous = links.TryGetValue(e.Version - 1, out var before) ? before.Hash : Domain.Audit.HashChain.Genesis;
                if (CanonicalEvent.Hash(previous, stream.Key, e) != link.Hash)
                    findings.Add(new ChainFinding(stream.Key, e.Version, e.Sequence, "altered", "content differs from the sealed hash"));
            }
            var present = stream.Select(e => e.Version).ToHashSet();
            findings.AddRange(links.Values.Where(l => !present.Contains(l.Version))
                .Select(l => new ChainFinding(stream.Key, l.Version, l.Sequence, "deleted", $"sealed {l.Type} is missing")));
        }
        var streamsWithEvents = events.Select(e => e.StreamKey!).ToHashSet(StringComparer.Ordinal);
        findings.AddRange(seals.Values.Where(s => !streamsWithEvents.Contains(s.Id))
            .SelectMany(s => s.Links.Select(l => new ChainFinding(s.Id, l.Version, l.Sequence, "deleted", $"sealed {l.Type} is missing"))));

        return new ChainVerification(findings.Count == 0, events.Count, seals.Count,
            findings.OrderBy(f => f.Stream, StringComparer.Ordinal).ThenBy(f => f.Version).ToList());
    }
}

public sealed record ChainVerification(bool Intact, int EventsChecked, int StreamsSealed, IReadOnlyList<ChainFinding> Findings);

public sealed record ChainFinding(string Stream, long Version, long Sequence, string Kind, string Detail);
