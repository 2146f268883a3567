using Marten;
using Microsoft.AspNetCore.Authorization;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// Object-level authorization (OWASP API1): roles that may write only to items their own department
/// owns, and roles that may write to any item.
/// </summary>
public sealed record ItemWriteRequirement(string[] OwnItemRoles, string[] AnyItemRoles) : IAuthorizationRequirement;

public sealed class ItemWriteHandler(IDocumentStore store) : AuthorizationHandler<ItemWriteRequirement>
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

        var owner = await OwnerOf(PlanKeys.Item(planId, code), http.RequestAborted);
        // An unknown item is left to the endpoint, which answers 404: the plan's item list is public to every role.
        if (owner is null || owner == PlanClaims.DepartmentOf(user))
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this, $"{code} belongs to department {owner}, not to yours"));
    }

    private async Task<string?> OwnerOf(string itemKey, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<IndicatorView>(itemKey, cancellationToken))?.OwnerDepartment
            ?? (await session.LoadAsync<TaskView>(itemKey, cancellationToken))?.OwnerDepartment;
    }
}
