using System.Diagnostics;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// Who is acting: the authenticated principal, and nothing the request body says (OWASP API3). The
/// correlation id is the current trace, so an event leads back to its request's spans. The roles go with the
/// actor so that an item's own rules decide whose write it accepts.
/// </summary>
public static class CurrentActor
{
    public static ActedBy From(HttpContext context)
    {
        var user = context.User.Identity?.Name
            ?? throw new InvalidOperationException("an endpoint that acts requires an authenticated caller");
        var department = PlanClaims.DepartmentOf(context.User) ?? "";
        var correlation = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        var roles = context.User.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct().Order().ToList();
        return new ActedBy(user, department, correlation, roles, Plans: PlanClaims.ScopeOf(context.User));
    }
}
