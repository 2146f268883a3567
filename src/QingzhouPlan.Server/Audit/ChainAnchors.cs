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
            var page = await SealLinks.HeadsPage(session, after, 500, cancellationToken);
            if (page.Count == 0)
                break;
            foreach (var (stream, head) in page)
                heads[stream] = new AnchorHead(head.Version, head.Hash);
            after = page[^1].Stream;
        }
        var createdAt = clock.GetUtcNow();
        return new ChainAnchor(createdAt, heads, Sign(createdAt, heads));
    }

    private bool IsGenuineSigned(ChainAnchor anchor) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(anchor.CreatedAt, new SortedDictionary<string, AnchorHead>(anchor.Heads.ToDictionary(), StringComparer.Ordinal))),
            Encoding.ASCII.GetBytes(anchor.Signature));

    /// <summary>
    /// Why anchors could not be trusted outside Development: signed with a public or short key. Audit:AnchorKey,
    /// or else a strong Auth:SigningKey, neither of which lives in PostgreSQL.
    /// </summary>
    public static string? KeyProblem(IConfiguration configuration) =>
        configuration["Audit:AnchorKey"] is { } key
            ? key.Length < Access.AuthOptions.MinimumKeyLength ? $"Audit:AnchorKey has {key.Length} characters; at least {Access.AuthOptions.MinimumKeyLength} are needed" : null
            : string.IsNullOrWhiteSpace(configuration["Auth:SigningKey"]) || Access.AuthOptions.WeakKeyProblem(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = configuration["Auth:SigningKey"] }).Build()) is not null
                ? "chain anchors need Audit:AnchorKey (or a strong Auth:SigningKey) of at least 32 characters"
                : null;

    public bool IsGenuine(ChainAnchor anchor) =>
        anchor.Heads is not null && anchor.Signature is not null && IsGenuineSigned(anchor);

    private string Sign(DateTimeOffset createdAt, SortedDictionary<string, AnchorHead> heads)
    {
        var secret = configuration["Audit:AnchorKey"] ?? "anchor:" + (configuration["Auth:SigningKey"] ?? Access.AuthOptions.LocalDevelopmentKey);
        var content = JsonSerializer.Serialize(new { createdAt = createdAt.ToUnixTimeMilliseconds(), heads });
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(content)));
    }
}
