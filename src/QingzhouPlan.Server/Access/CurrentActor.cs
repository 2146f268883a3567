using System.Diagnostics;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// Who is acting: the authenticated principal, and nothing the request body says (OWASP API3). The
/// correlation id is the current trace, so an event leads back to its request's spans.
/// </summary>
public static class CurrentActor
{
    public static ActedBy From(HttpContext context)
    {
        var user = context.User.Identity?.Name
            ?? throw new InvalidOperationException("an endpoint that acts requires an authenticated caller");
        var department = PlanClaims.DepartmentOf(context.User) ?? "";
        var correlation = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        return new ActedBy(user, department, correlation);
    }
}
