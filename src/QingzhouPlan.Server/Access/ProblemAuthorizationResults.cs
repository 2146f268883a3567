using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Access;

/// <summary>401 and 403 as problem details that say what is missing, instead of empty bodies.</summary>
public sealed class ProblemAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            await context.ChallengeAsync();
            await Problems.Field(StatusCodes.Status401Unauthorized, "authorization", "a valid bearer token is required", clerk: "请先登录")
                .ExecuteAsync(context);
            return;
        }
        if (result.Forbidden)
        {
            // The route's policy names the roles it admits; the caller holds none of them.
            var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
            var (message, clerk) = roles.Count > 0
                ? ($"this needs the role {string.Join(" or ", roles)}", $"须由{string.Join("或", roles.Select(Domain.Roles.Describe))}办理")
                : ("your role does not allow this", "您的角色无权办理此事");
            await Problems.Field(StatusCodes.Status403Forbidden, "role", message, clerk: clerk).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
