using Microsoft.AspNetCore.Authorization;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Reporting;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// Object-level authorization (OWASP API1): roles that may write only to items their own department
/// owns, and roles that may write to any item.
/// </summary>
public sealed record ItemWriteRequirement(string[] OwnItemRoles, string[] AnyItemRoles) : IAuthorizationRequirement;

public sealed class ItemWriteHandler(IGrainFactory grains) : AuthorizationHandler<ItemWriteRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ItemWriteRequirement requirement)
    {
        var user = context.User;
        if (PlanClaims.HasAnyRole(user, requirement.AnyItemRoles))
        {
            context.Succeed(requirement);
            return;
        }
        if (!PlanClaims.HasAnyRole(user, requirement.OwnItemRoles))
        {
            context.Fail(new AuthorizationFailureReason(this, $"requires one of the roles: {string.Join(", ", requirement.OwnItemRoles.Concat(requirement.AnyItemRoles))}"));
            return;
        }
        if (context.Resource is not HttpContext http
            || http.GetRouteValue("planId") is not string planId || http.GetRouteValue("code") is not string code)
        {
            context.Fail(new AuthorizationFailureReason(this, "no plan item in the request"));
            return;
        }

        var owner = await OwnerOf(PlanKeys.Item(planId, code), http.Request.Path.Value ?? "");
        // An unknown item is left to the endpoint, which answers 404: the plan's item list is public to every role.
        if (owner is null || owner == PlanClaims.DepartmentOf(user))
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this, $"{code} belongs to department {owner}, not to yours"));
    }

    // The owner comes from the item's grain, which holds it in memory: the check costs no database round trip
    // (it was one query per write, the largest cost of a report after the append itself).
    private async Task<string?> OwnerOf(string itemKey, string path) =>
        path.Contains("/tasks/", StringComparison.Ordinal)
            ? (await grains.GetGrain<ITaskGrain>(itemKey).GetStatus())?.Department
            : (await grains.GetGrain<IIndicatorGrain>(itemKey).GetSnapshot())?.OwnerDepartment;
}
