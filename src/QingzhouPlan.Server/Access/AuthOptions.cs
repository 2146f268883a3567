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
}
