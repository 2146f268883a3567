using System.Runtime.CompilerServices;
using Marten;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// The documents a writer already holds for the streams it appends to — an item's read model and the head of
/// its hash chain, as its grain keeps them in memory — vouched for within one session. The inline projections
/// take them from here instead of reading them back, so a grain's write path reads nothing; the streams no
/// writer holds (a form's commit, the plan loader) have their documents read as before. A held document is
/// taken only if it has folded exactly the events before the ones appended; any other is read back.
/// </summary>
public sealed class HeldDocuments
{
    // Keyed by the session itself, so nothing outlives it and two sessions never see each other's documents.
    private readonly ConditionalWeakTable<IDocumentOperations, Dictionary<string, List<object>>> _sessions = new();

    /// <summary>Vouches for every document of a stream: a document type not among them means the stream has none.</summary>
    public void Hold(IDocumentOperations session, string stream, IEnumerable<object?> documents) =>
        _sessions.GetOrCreateValue(session)[stream] = documents.OfType<object>().ToList();

    /// <summary>Whether a writer holds the stream; if so, <paramref name="document"/> is its <typeparamref name="T"/>, or null when it has none.</summary>
    public bool TryGet<T>(IDocumentOperations session, string stream, out T? document) where T : class
    {
        document = null;
        if (!_sessions.TryGetValue(session, out var streams) || !streams.TryGetValue(stream, out var documents))
            return false;
        document = documents.OfType<T>().FirstOrDefault();
        return true;
    }

    /// <summary>A held stream's documents as they now stand (after the projections, once they have run); none if it is not held.</summary>
    public IReadOnlyList<object> Documents(IDocumentOperations session, string stream) =>
        _sessions.TryGetValue(session, out var streams) && streams.TryGetValue(stream, out var documents) ? documents.ToList() : [];

    /// <summary>The document a projection has just stored for a held stream, for the writer to hold once the transaction commits.</summary>
    public void Replace<T>(IDocumentOperations session, string stream, T document) where T : class
    {
        if (!_sessions.TryGetValue(session, out var streams) || !streams.TryGetValue(stream, out var documents))
            return;
        documents.RemoveAll(d => d is T);
        documents.Add(document);
    }
}
