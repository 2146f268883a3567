using QingzhouPlan.Domain.Audit;

namespace QingzhouPlan.Server.Audit;

/// <summary>The last link of a stream's chain: what the next event's hash is chained to.</summary>
public sealed record ChainHead(long Version, string Hash)
{
    public static readonly ChainHead Genesis = new(0, HashChain.Genesis);
}
