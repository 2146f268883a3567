using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// A minimal OpenID Connect provider on loopback, for the page's code flow: discovery, keys (RS256), an
/// authorization endpoint that signs in one fixed user at once, and a token endpoint that checks the PKCE
/// verifier against the challenge before it issues an access token for the API's audience.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();

    public TestIdentityProvider(string user, string department, string role, string audience)
    {
        var port = LoopbackPort.Free();
        Authority = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Authority);
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            // The page fetches discovery and the token from another origin.
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.AccessControlAllowHeaders = "*";
            if (HttpMethods.IsOptions(context.Request.Method))
                return;
            await next(context);
        });
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = $"{Authority}/authorize",
            ["token_endpoint"] = $"{Authority}/token",
            ["jwks_uri"] = $"{Authority}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet("/jwks", () => Results.Json(new { keys = new[] { JsonWebKeyConverter.ConvertFromRSASecurityKey(_key) } }));
        _app.MapGet("/authorize", (string redirect_uri, string state, string code_challenge, string code_challenge_method, string client_id) =>
        {
            if (code_challenge_method != "S256" || client_id != ClientId)
                return Results.BadRequest();
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (code_challenge, redirect_uri);
            Authorizations++;
            return Results.Redirect($"{redirect_uri}?code={code}&state={Uri.EscapeDataString(state)}");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (!_codes.TryRemove(form["code"].ToString(), out var issued) || form["redirect_uri"] != issued.RedirectUri)
                return Results.BadRequest(new { error = "invalid_grant" });
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != issued.Challenge)
                return Results.BadRequest(new { error = "invalid_grant", error_description = "PKCE verifier does not match" });
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = audience,
                Expires = DateTime.UtcNow.AddHours(1),
                Claims = new Dictionary<string, object> { ["sub"] = user, ["department"] = department, ["role"] = role },
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600 });
        });
    }

    public const string ClientId = "qingzhou-dashboard";

    public string Authority { get; }

    public int Authorizations { get; private set; }

    public Task StartAsync() => _app.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
