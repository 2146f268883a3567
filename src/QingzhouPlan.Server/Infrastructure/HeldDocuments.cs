using System.Runtime.CompilerServices;
using Marten;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// What writers hold of the streams they append to — an item's document and the head of its hash chain, as its
/// grain keeps them in memory — vouched for within one session. The inline projections take them from here
/// instead of reading them back, so a grain's write path reads nothing; the streams no writer holds (a form's,
/// a plan's) have theirs read. A projection takes a held document only at exactly the version the new events follow.
/// </summary>
public sealed class HeldDocuments
{
    // Keyed by the session itself, so nothing outlives it and two sessions never see each other's streams.
    private readonly ConditionalWeakTable<IDocumentOperations, Dictionary<string, HeldStream>> _sessions = new();

    public void Hold(IDocumentOperations session, string stream, HeldStream held) => _sessions.GetOrCreateValue(session)[stream] = held;

    /// <summary>What the writer holds of the stream, or null when no writer holds it.</summary>
    public HeldStream? Find(IDocumentOperations session, string stream) =>
        _sessions.TryGetValue(session, out var streams) ? streams.GetValueOrDefault(stream) : null;
}
