using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// The hash chain of one stream, as readers see it: its links in version order (<see cref="SealLinks"/> keeps them
/// as rows). Editing mt_events behind the system's back leaves the links unchanged, which is what the verifier detects.
/// </summary>
public sealed record StreamSeal(string Id, IReadOnlyList<SealLink> Links)
{
    public string Head => Links.Count == 0 ? HashChain.Genesis : Links[^1].Hash;
}

/// <summary>One link of a stream's chain. <see cref="Algorithm"/> 2 hashes canonical JSON with sorted keys; 1 (links sealed before it) the serializer's order.</summary>
public sealed record SealLink(long Version, long Sequence, string Type, string Hash, int Algorithm = 1);

/// <summary>
/// Links each new event to its stream's chain inline — in the transaction that appends it — so the chain is as
/// durable as the events and written by no other path. The head each stream's events chain to comes from the
/// writer when it holds it (a grain keeps its chain's head, see HeldDocuments) and is read otherwise.
/// </summary>
public sealed class StreamSealProjection(HeldDocuments held) : IProjection
{
    // Rich appends number the events before the inline projections run (MartenSetup), so each event's version is known here.
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var streams = events.GroupBy(e => e.StreamKey ?? throw new InvalidOperationException("streams are keyed by string")).ToList();
        var heads = new Dictionary<string, ChainHead>(StringComparer.Ordinal);
        var unheld = new List<(string Stream, long Version)>();
        foreach (var stream in streams)
        {
            var version = stream.First().Version - 1;
            if (version == 0)
                heads[stream.Key] = ChainHead.Genesis;
            // Taken only if it is the head of exactly the events before these.
            else if (held.Find(operations, stream.Key)?.Head is { } head && head.Version == version)
                heads[stream.Key] = head;
            else
                unheld.Add((stream.Key, version));
        }
        if (unheld.Count > 0)
            foreach (var (stream, head) in await SealLinks.HeadsAt(operations, unheld, cancellation))
                heads[stream] = head;

        var links = new List<(string Stream, SealLink Link)>(events.Count);
        foreach (var stream in streams)
        {
            // A stream whose previous link is missing starts again from genesis; the verifier reports the gap.
            var head = heads.GetValueOrDefault(stream.Key) ?? ChainHead.Genesis;
            foreach (var e in stream)
            {
                var link = Link(head.Hash, stream.Key, e);
                links.Add((stream.Key, link));
                head = new ChainHead(link.Version, link.Hash);
            }
        }
        SealLinks.Queue(operations, links);
    }

    /// <summary>An event's link, chained to <paramref name="previous"/>: how the system seals, for whoever must recompute it.</summary>
    public static SealLink Link(string previous, string stream, IEvent e) =>
        new(e.Version, e.Sequence, e.EventTypeName, CanonicalEvent.Hash(previous, stream, e, CanonicalEvent.CurrentAlgorithm), CanonicalEvent.CurrentAlgorithm);
}

/// <summary>
/// The canonical form of an event that the chain hashes. PostgreSQL's jsonb keeps object keys in an order of
/// its own, so an event read back serialises its dictionaries differently from the moment it was sealed;
/// sorting every object's keys (ordinal) makes the form independent of where the event was read from.
/// </summary>
public static class CanonicalEvent
{
    public const int CurrentAlgorithm = 2;

    // Fixed settings, independent of the store's: the canonical form must never change with configuration.
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter(), new PeriodJsonConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Hash(string previous, string stream, IEvent e, int algorithm) =>
        HashChain.Link(previous, stream, e.Version, e.Sequence, e.EventTypeName, e.Timestamp, Json(e.Data, algorithm));

    public static string Json(object data, int algorithm) => algorithm switch
    {
        1 => JsonSerializer.Serialize(data, data.GetType(), Options),
        2 => Sorted(JsonSerializer.SerializeToNode(data, data.GetType(), Options))?.ToJsonString(Options) ?? "null",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown chain algorithm"),
    };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(item => Sorted(item?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };
}
