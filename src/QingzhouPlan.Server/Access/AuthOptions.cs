namespace QingzhouPlan.Server.Access;

/// <summary>
/// Section "Auth". With an Authority, tokens are validated against that OpenID Connect provider's
/// published keys; without one, against SigningKey (HMAC-SHA256), which the local mint-token command
/// also signs with. The built-in key is for local use only: deployments set their own or an Authority.
/// </summary>
public sealed class AuthOptions
{
    public const string LocalDevelopmentKey = "qingzhouplan-local-development-only-signing-key-0123456789";

    public string? Authority { get; set; }

    public string Issuer { get; set; } = "qingzhouplan-local";

    public string Audience { get; set; } = "qingzhouplan-api";

    public string SigningKey { get; set; } = LocalDevelopmentKey;

    public int TokenLifetimeMinutes { get; set; } = 480;

    /// <summary>How far a token's lifetime is stretched for clocks that disagree with the issuer's.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Whether the authority's metadata must come over HTTPS (only a local test provider turns it off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public const int MinimumKeyLength = 32;

    /// <summary>Why the configured signing key must not guard a server outside Development, or null when it may.</summary>
    public static string? WeakKeyProblem(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["Auth:Authority"]))
            return null;
        var key = configuration["Auth:SigningKey"] ?? LocalDevelopmentKey;
        return key == LocalDevelopmentKey
            ? "Auth:SigningKey is the built-in development key, which is public; set Auth__SigningKey (infra/start.sh makes one in .local/) or Auth__Authority"
            : key.Length < MinimumKeyLength
                ? $"Auth:SigningKey has {key.Length} characters; at least {MinimumKeyLength} are needed"
                : key.Contains("replace-with", StringComparison.OrdinalIgnoreCase)
                    ? "Auth:SigningKey is still the placeholder; set a secret of your own"
                    : null;
    }
}
