using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// A document per stream, kept inline — in the transaction that appends the events — by folding each new event
/// into it. Like Marten's single-stream projections, except that the document before the append comes from the
/// writer when it holds it (<see cref="HeldDocuments"/>), and is read only for the streams no writer holds.
/// </summary>
public abstract class StreamDocumentProjection<TDocument>(HeldDocuments held) : IProjection where TDocument : class, IStreamDocument
{
    /// <summary>The document after one more event; null while the stream has none (its first event is not one that starts it).</summary>
    public abstract TDocument? Evolve(TDocument? document, string stream, IEvent e);

    protected abstract string IdOf(TDocument document);

    // Rich appends number the events before the inline projections run (MartenSetup), so each event's version is known here.
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var streams = events.GroupBy(e => e.StreamKey ?? throw new InvalidOperationException("streams are keyed by string")).ToList();
        var before = new Dictionary<string, TDocument?>(StringComparer.Ordinal);
        var unheld = new List<string>();
        foreach (var stream in streams)
        {
            var version = stream.First().Version - 1;
            // A held document is taken only if it has folded exactly the events before these; any other (a copy
            // that fell behind or ran ahead of the stream) is read back rather than extended into a wrong one.
            // The held document may be of another kind (an indicator's, where this projection keeps tasks'): then the stream has none of this kind.
            if (held.Find(operations, stream.Key) is { } kept && (kept.Document is not TDocument document || document.StreamVersion == version))
                before[stream.Key] = kept.Document as TDocument;
            // A stream that starts here has no document yet.
            else if (version > 0)
                unheld.Add(stream.Key);
        }
        if (unheld.Count > 0)
            foreach (var document in await operations.LoadManyAsync<TDocument>(cancellation, unheld))
                before[IdOf(document)] = document;

        foreach (var stream in streams)
        {
            var document = stream.Aggregate(before.GetValueOrDefault(stream.Key), (d, e) => Evolve(d, stream.Key, e));
            if (document is null)
                continue;
            operations.Store(document);
        }
    }
}
