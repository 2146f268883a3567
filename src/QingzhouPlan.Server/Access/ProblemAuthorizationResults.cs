using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
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
            await Problems.Field(StatusCodes.Status401Unauthorized, "authorization", "a valid bearer token is required").ExecuteAsync(context);
            return;
        }
        if (result.Forbidden)
        {
            var reasons = result.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
            var message = reasons.Count > 0 ? string.Join("; ", reasons) : "your role does not allow this";
            await Problems.Field(StatusCodes.Status403Forbidden, reasons.Any(r => r.Contains("department")) ? "department" : "role", message)
                .ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
