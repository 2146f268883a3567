using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Access;

/// <summary>Signs tokens with the configured local key: for local use and tests, not a replacement for an identity provider.</summary>
public sealed class TokenMinter(IOptions<AuthOptions> options, PlanScope defaultPlans)
{
    /// <summary>A token for the plans given, or for the default plans (on a server, <see cref="DefaultPlans"/>).</summary>
    public string Mint(
        string user, string department, IEnumerable<string> roles, TimeSpan? lifetime = null, DateTimeOffset? now = null, IEnumerable<string>? plans = null)
    {
        var auth = options.Value;
        // Token lifetimes follow real time, not the business clock a test or the scripted year may move.
        var issuedAt = now ?? DateTimeOffset.UtcNow;
        var claims = new List<Claim> { new(PlanClaims.User, user), new(PlanClaims.Department, department) };
        claims.AddRange(roles.Select(r => new Claim(PlanClaims.Role, r)));
        claims.AddRange((plans ?? defaultPlans.Patterns).Select(p => new Claim(PlanClaims.Plan, p)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime.AddMinutes(-1),
            Expires = issuedAt.Add(lifetime ?? TimeSpan.FromMinutes(auth.TokenLifetimeMinutes)).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(auth.SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    public static SymmetricSecurityKey SigningKey(string key) => new(Encoding.UTF8.GetBytes(key));
}
