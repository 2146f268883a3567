using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// Every stream's chain head at a moment, signed (HMAC-SHA256) with a key the database does not hold.
/// Kept outside PostgreSQL — a file an auditor archives — it lets verification catch what the seals alone
/// cannot: events rewritten together with their seals, or a stream's tail cut off.
/// </summary>
public sealed record ChainAnchor(DateTimeOffset CreatedAt, IReadOnlyDictionary<string, AnchorHead> Heads, string Signature);

public sealed record AnchorHead(long Version, string Hash);

public sealed class ChainAnchors(IDocumentStore store, IConfiguration configuration, [FromKeyedServices(Infrastructure.Clocks.Business)] TimeProvider clock)
{
    public async Task<ChainAnchor> Export(CancellationToken cancellationToken)
    {
        var heads = new SortedDictionary<string, AnchorHead>(StringComparer.Ordinal);
        await using var session = store.QuerySession();
        for (var after = ""; ;)
        {
            var page = await session.Query<StreamSeal>().Where(s => string.Compare(s.Id, after) > 0).OrderBy(s => s.Id).Take(500).ToListAsync(cancellationToken);
            if (page.Count == 0)
                break;
            foreach (var seal in page.Where(s => s.Links.Count > 0))
                heads[seal.Id] = new AnchorHead(seal.Links[^1].Version, seal.Head);
            after = page[^1].Id;
        }
        var createdAt = clock.GetUtcNow();
        return new ChainAnchor(createdAt, heads, Sign(createdAt, heads));
    }

    public bool IsGenuine(ChainAnchor anchor) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(anchor.CreatedAt, new SortedDictionary<string, AnchorHead>(anchor.Heads.ToDictionary(), StringComparer.Ordinal))),
            Encoding.ASCII.GetBytes(anchor.Signature));

    private string Sign(DateTimeOffset createdAt, SortedDictionary<string, AnchorHead> heads)
    {
        // The anchor key, or one derived from the token-signing key: neither lives in PostgreSQL.
        var secret = configuration["Audit:AnchorKey"] ?? "anchor:" + (configuration["Auth:SigningKey"] ?? Access.AuthOptions.LocalDevelopmentKey);
        var content = JsonSerializer.Serialize(new { createdAt = createdAt.ToUnixTimeMilliseconds(), heads });
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(content)));
    }
}
