using QingzhouPlan.Domain.Audit;

namespace QingzhouPlan.Server.Audit;

/// <summary>The last link of a stream's chain: what the next event's hash is chained to.</summary>
public sealed record ChainHead(long Version, string Hash)
{
    public static readonly ChainHead Genesis = new(0, HashChain.Genesis);

    /// <summary>The head after these events of the stream, linked as the chain's projection links them.</summary>
    public ChainHead After(string stream, IEnumerable<JasperFx.Events.IEvent> events) =>
        events.Aggregate(this, (head, e) => new ChainHead(e.Version, StreamSealProjection.Link(head.Hash, stream, e).Hash));
}
