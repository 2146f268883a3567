using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten.Events.Aggregation;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// The hash chain of one stream: a link per event, kept inline — in the transaction that appends the
/// event — so the chain is as durable as the events and written by no other path. Editing mt_events
/// behind the system's back leaves the seal unchanged, which is what the verifier detects.
/// </summary>
public sealed record StreamSeal(string Id, IReadOnlyList<SealLink> Links)
{
    public string Head => Links.Count == 0 ? HashChain.Genesis : Links[^1].Hash;
}

public sealed record SealLink(long Version, long Sequence, string Type, string Hash);

public sealed class StreamSealProjection : SingleStreamProjection<StreamSeal, string>
{
    public override StreamSeal Evolve(StreamSeal? snapshot, string id, IEvent e)
    {
        var seal = snapshot ?? new StreamSeal(id, []);
        var hash = CanonicalEvent.Hash(seal.Head, id, e);
        return seal with { Links = [.. seal.Links, new SealLink(e.Version, e.Sequence, e.EventTypeName, hash)] };
    }
}

/// <summary>The canonical form of an event that the chain hashes.</summary>
public static class CanonicalEvent
{
    // Fixed settings, independent of the store's: the canonical form must never change with configuration.
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter(), new PeriodJsonConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Hash(string previous, string stream, IEvent e) =>
        HashChain.Link(previous, stream, e.Version, e.Sequence, e.EventTypeName, e.Timestamp,
            JsonSerializer.Serialize(e.Data, e.Data.GetType(), Options));
}
