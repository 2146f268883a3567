using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Access;

public static class AccessSetup
{
    public static IServiceCollection AddAccessControl(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration("Auth");
        services.AddSingleton<DefaultPlans>();
        services.AddSingleton(sp => new TokenMinter(sp.GetRequiredService<IOptions<AuthOptions>>(), sp.GetRequiredService<DefaultPlans>().Scope));
        services.AddSingleton<Microsoft.AspNetCore.Authentication.IClaimsTransformation, PlanScopeClaims>();
        services.AddSingleton<HeavyReads>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            var a = auth.Value;
            // Claim names are kept as the token has them ("sub", "role", "department").
            jwt.MapInboundClaims = false;
            var external = !string.IsNullOrWhiteSpace(a.Authority);
            if (external)
            {
                jwt.Authority = a.Authority;
                jwt.RequireHttpsMetadata = a.RequireHttpsMetadata;
            }
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                // With an authority, the issuer is the one its metadata names.
                ValidIssuer = external ? null : a.Issuer,
                ValidAudience = a.Audience,
                IssuerSigningKey = string.IsNullOrWhiteSpace(a.Authority) ? TokenMinter.SigningKey(a.SigningKey) : null,
                NameClaimType = PlanClaims.User,
                RoleClaimType = PlanClaims.Role,
                ClockSkew = TimeSpan.FromSeconds(a.ClockSkewSeconds),
            };
        });
        services.AddAuthorization(Policies.Define);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResults>();
        services.AddRateLimiter(ConfigureRateLimits);
        services.AddOptions<RateLimitOptions>().BindConfiguration("Api:RateLimit");
        return services;
    }

    /// <summary>
    /// Per-caller token buckets (OWASP API4): a user by token subject, an anonymous caller by address.
    /// Over the limit the answer is 429 with problem details and Retry-After.
    /// </summary>
    private static void ConfigureRateLimits(RateLimiterOptions options)
    {
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            var caller = context.User.Identity?.IsAuthenticated == true
                ? $"user:{context.User.Identity.Name}"
                : $"ip:{context.Connection.RemoteIpAddress}";
            return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.PerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            });
        });
        options.OnRejected = async (rejected, _) =>
        {
            rejected.HttpContext.Response.Headers.RetryAfter = "1";
            await Problems.Field(StatusCodes.Status429TooManyRequests, "rate", "too many requests from this caller; retry after a second")
                .ExecuteAsync(rejected.HttpContext);
        };
    }
}

/// <summary>Section "Api:RateLimit": the bucket each caller gets.</summary>
public sealed class RateLimitOptions
{
    public int Burst { get; set; } = 200;

    public int PerSecond { get; set; } = 100;
}
