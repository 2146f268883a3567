using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// A token that names no plan (a provider that knows nothing of plans) covers the default plans, given here as
/// claims so that every check reads the claims alone. A token that names plans keeps exactly those.
/// </summary>
public sealed class PlanScopeClaims(DefaultPlans defaults) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.HasClaim(c => c.Type == PlanClaims.Plan))
            return Task.FromResult(principal);
        var scoped = principal.Clone();
        scoped.AddIdentity(new ClaimsIdentity(defaults.Scope.Patterns.Select(p => new Claim(PlanClaims.Plan, p))));
        return Task.FromResult(scoped);
    }
}
