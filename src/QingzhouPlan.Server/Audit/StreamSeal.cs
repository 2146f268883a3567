using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using JasperFx.Events;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// The hash chain of one stream: a link per event, kept inline — in the transaction that appends the
/// event — so the chain is as durable as the events and written by no other path (a grain hands over the seal
/// it holds rather than have it read back, see HeldDocuments). Editing mt_events
/// behind the system's back leaves the seal unchanged, which is what the verifier detects.
/// </summary>
public sealed record StreamSeal(string Id, IReadOnlyList<SealLink> Links)
{
    public string Head => Links.Count == 0 ? HashChain.Genesis : Links[^1].Hash;
}

/// <summary>One link of a stream's chain. <see cref="Algorithm"/> 2 hashes canonical JSON with sorted keys; 1 (links sealed before it) the serializer's order.</summary>
public sealed record SealLink(long Version, long Sequence, string Type, string Hash, int Algorithm = 1);

public sealed class StreamSealProjection(HeldDocuments held) : StreamDocumentProjection<StreamSeal>(held)
{
    protected override string IdOf(StreamSeal document) => document.Id;

    protected override long VersionOf(StreamSeal document) => document.Links.Count == 0 ? 0 : document.Links[^1].Version;

    protected override bool EveryStreamHasOne => true;

    public override StreamSeal Evolve(StreamSeal? snapshot, string id, IEvent e) => Extend(snapshot, id, e);

    /// <summary>The seal with one more event's link: how the system seals, for whoever must recompute it.</summary>
    public static StreamSeal Extend(StreamSeal? snapshot, string id, IEvent e)
    {
        var seal = snapshot ?? new StreamSeal(id, []);
        var hash = CanonicalEvent.Hash(seal.Head, id, e, CanonicalEvent.CurrentAlgorithm);
        return seal with { Links = [.. seal.Links, new SealLink(e.Version, e.Sequence, e.EventTypeName, hash, CanonicalEvent.CurrentAlgorithm)] };
    }
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
