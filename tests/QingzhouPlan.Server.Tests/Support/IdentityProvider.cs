using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// The OpenID Certified provider of tests/identity-provider (npm oidc-provider), run as its own process on
/// loopback and waited on until its discovery document answers. It knows one person, the page as a public
/// client (code flow with PKCE, refresh tokens), and two county systems (client credentials), and it signs
/// access tokens for the API's audience with RSA keys made here, so that a test can rotate them.
/// </summary>
public sealed class IdentityProvider : IAsyncDisposable
{
    public const string PageClient = "qingzhou-dashboard";
    public const string Person = "zhao.oidc";
    public const string CountySystem = "county-system";
    public const string SystemSecret = "county-system-secret-for-tests-only-0123456789";

    /// <summary>A system whose tokens live a few seconds, to be seen expiring.</summary>
    public const string BriefSystem = "brief-system";
    public const int BriefSeconds = 5;

    public const string ApiResource = "urn:qingzhouplan:api";
    public const string ApiAudience = "qingzhouplan-api";
    public const string OtherResource = "urn:example:other-api";

    private static readonly string Folder = Path.Combine(Repository.Root, "tests", "identity-provider");
    private readonly int _port = LoopbackPort.Free();
    private readonly List<JsonObject> _keys = [NewKey()];
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly string _settingsFile = Path.Combine(Directory.CreateTempSubdirectory("qz-idp-").FullName, "settings.json");
    private readonly HttpClient _http = new();
    private readonly int _pageTokenSeconds;
    private Process? _process;
    private string? _pageOrigin;

    /// <param name="pageTokenSeconds">How long the page's access tokens live (short, to see the page renew them).</param>
    public IdentityProvider(int pageTokenSeconds = 3600) => _pageTokenSeconds = pageTokenSeconds;

    public string Authority => $"http://127.0.0.1:{_port}";

    /// <summary>The key id that signs new tokens.</summary>
    public string SigningKeyId => _keys[0]["kid"]!.GetValue<string>();

    /// <summary>The grant types the token endpoint granted, in order (authorization_code, refresh_token, client_credentials).</summary>
    public IReadOnlyList<string> Grants => Events("grant").Select(e => e["grant"]!.GetValue<string>()).ToList();

    public int SignOuts => Events("signed-out").Count();

    /// <summary>Starts the provider for a page served at <paramref name="pageOrigin"/> (its redirect and sign-out return).</summary>
    public async Task StartAsync(string pageOrigin)
    {
        var modules = Path.Combine(Folder, "node_modules", "oidc-provider");
        if (!Directory.Exists(modules))
            throw new InvalidOperationException($"{modules} is missing: infra/test.sh installs it (npm ci in tests/identity-provider)");
        _pageOrigin = pageOrigin.TrimEnd('/');
        await File.WriteAllTextAsync(_settingsFile, Settings().ToJsonString());
        var psi = new ProcessStartInfo("node", ["provider.mjs", _settingsFile])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith('{') == true)
                _events.Enqueue(JsonNode.Parse(line.Data)!.AsObject());
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Wait.Until(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the identity provider exited with {_process.ExitCode}");
            try
            {
                using var discovery = await _http.GetAsync($"{Authority}/.well-known/openid-configuration");
                return discovery.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Key rotation as a provider does it: a new key signs from now on, the old one stays published for tokens
    /// already out. The provider restarts on the same address with the new key set (its sessions are lost, its
    /// issuer is not).
    /// </summary>
    public async Task RotateKeyAsync()
    {
        Stop();
        _keys.Insert(0, NewKey());
        await StartAsync(_pageOrigin!);
    }

    /// <summary>An access token for a county system by client credentials, for the resource named.</summary>
    public async Task<string> SystemToken(string client = CountySystem, string resource = ApiResource)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Authority}/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["resource"] = resource, ["scope"] = "api" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{client}:{SystemSecret}")));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        response.EnsureSuccessStatusCode();
        return body!["access_token"]!.GetValue<string>();
    }

    private IEnumerable<JsonObject> Events(string name) => _events.Where(e => e["event"]?.GetValue<string>() == name);

    private JsonObject Settings() => new()
    {
        ["issuer"] = Authority,
        ["port"] = _port,
        ["keys"] = new JsonArray(_keys.Select(k => (JsonNode)k.DeepClone()).ToArray()),
        ["cookieKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        ["resources"] = new JsonObject { [ApiResource] = ApiAudience, [OtherResource] = "other-api" },
        ["defaultResource"] = ApiResource,
        ["accounts"] = new JsonObject
        {
            [Person] = new JsonObject { ["name"] = "赵审计", ["department"] = "gxj", ["roles"] = new JsonArray("auditor"), ["plans"] = new JsonArray("qingzhou-*") },
        },
        ["clients"] = new JsonArray(
            new JsonObject
            {
                ["client_id"] = PageClient,
                ["token_endpoint_auth_method"] = "none",
                ["redirect_uris"] = new JsonArray($"{_pageOrigin}/"),
                ["post_logout_redirect_uris"] = new JsonArray($"{_pageOrigin}/"),
                ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
                ["response_types"] = new JsonArray("code"),
                ["access_token_seconds"] = _pageTokenSeconds,
            },
            SystemClient(CountySystem, 3600),
            SystemClient(BriefSystem, BriefSeconds)),
    };

    private static JsonObject SystemClient(string id, int tokenSeconds) => new()
    {
        ["client_id"] = id,
        ["client_secret"] = SystemSecret,
        ["grant_types"] = new JsonArray("client_credentials"),
        ["response_types"] = new JsonArray(),
        ["redirect_uris"] = new JsonArray(),
        ["department"] = "tjj",
        ["roles"] = new JsonArray("reporter", "viewer"),
        ["plans"] = new JsonArray("qingzhou-2024"),
        ["access_token_seconds"] = tokenSeconds,
    };

    /// <summary>A private RSA signing key as a JWK, the form the provider's configuration takes.</summary>
    private static JsonObject NewKey()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = Guid.NewGuid().ToString("N")[..12],
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["d"] = Base64UrlEncoder.Encode(p.D),
            ["p"] = Base64UrlEncoder.Encode(p.P),
            ["q"] = Base64UrlEncoder.Encode(p.Q),
            ["dp"] = Base64UrlEncoder.Encode(p.DP),
            ["dq"] = Base64UrlEncoder.Encode(p.DQ),
            ["qi"] = Base64UrlEncoder.Encode(p.InverseQ),
        };
    }

    private void Stop()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _http.Dispose();
        Directory.Delete(Path.GetDirectoryName(_settingsFile)!, recursive: true);
        return ValueTask.CompletedTask;
    }
}
