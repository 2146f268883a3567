using JasperFx.Events;
using Marten;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Reports;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>
/// An edition as a file an auditor checks offline (the verifier's "edition" command): its publication and every
/// figure standing at the versions it pinned, each with the event that set it (entry and canonical data), that
/// event's leaf and an inclusion proof in the edition's checkpoint — the first checkpoint that holds the
/// publication. The verifier checks each figure shown against the signed tree without the server; that the
/// figures are the standing ones and none is missing is what the server's own verification checks.
/// </summary>
public sealed class EditionExport(IDocumentStore store, LogReader log, LogTree tree)
{
    /// <summary>The export, or why there is none yet (no such edition; not yet in a checkpoint).</summary>
    public async Task<(ExportedEdition? Export, string? Missing)> Of(string planId, int number, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var publications = await session.Events.FetchStreamAsync(Editions.StreamKey(planId), token: cancellationToken);
        if (number < 1 || number > publications.Count)
            return (null, "edition");
        var publication = publications[number - 1];
        var edition = (EditionPublished)publication.Data;

        var setters = new List<(IEvent Event, string Period, decimal Value)>();
        foreach (var (stream, version) in edition.Versions.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var events = await session.Events.FetchStreamAsync(stream, version, token: cancellationToken);
            setters.AddRange(Standing(events));
        }
        var leaves = await log.LeavesOf(setters.Select(s => s.Event.Sequence).Append(publication.Sequence), cancellationToken);
        if (!leaves.TryGetValue(publication.Sequence, out var published))
            return (null, "checkpoint");
        if (setters.Any(s => !leaves.ContainsKey(s.Event.Sequence)))
            return (null, "checkpoint");
        // The publication follows what it pins, but a figure's leaf could follow it (a commit logged late): the
        // first checkpoint that holds all of them.
        if (await log.FirstHolding(leaves.Values.Max(l => l.Index), cancellationToken) is not { } checkpoint)
            return (null, "checkpoint");

        var proofs = await tree.Read(t => leaves.Values.ToDictionary(l => l.Index, l => t.InclusionProof(l.Index, checkpoint.Size)), cancellationToken);
        ExportedLeaf Leaf(IEvent e)
        {
            var (index, entry) = leaves[e.Sequence];
            return new ExportedLeaf(index, Convert.ToBase64String(entry), CanonicalEvent.Json(e.Data, CanonicalEvent.CurrentAlgorithm),
                proofs[index].Select(Convert.ToBase64String).ToList());
        }
        return (new ExportedEdition(ExportedEdition.CurrentFormat, planId, number, edition.Period, edition.Title, checkpoint.Note, Leaf(publication),
            setters.Select(s => new ExportedFigure(s.Event.StreamKey!, s.Period, s.Value, Leaf(s.Event))).ToList()), null);
    }

    // The event that set each figure still standing: a report or a correction, unless a retraction followed.
    private static IEnumerable<(IEvent Event, string Period, decimal Value)> Standing(IEnumerable<IEvent> events)
    {
        var standing = new SortedDictionary<string, (IEvent, string, decimal)>(StringComparer.Ordinal);
        foreach (var e in events)
            switch (e.Data)
            {
                case ValueReported r:
                    standing[r.Period.ToString()] = (e, r.Period.ToString(), r.Value);
                    break;
                case ValueCorrected c:
                    standing[c.Period.ToString()] = (e, c.Period.ToString(), c.Value);
                    break;
                case ValueRetracted r:
                    standing.Remove(r.Period.ToString());
                    break;
            }
        return standing.Values;
    }
}
