using System.Diagnostics;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// The one place that says who is acting. Until authentication lands it trusts the X-User and
/// X-Department headers (a development stand-in, never a body field); the access-control work replaces
/// this method with the authenticated principal and nothing else changes.
/// </summary>
public static class CurrentActor
{
    public static ActedBy From(HttpContext context)
    {
        var user = context.User.Identity is { IsAuthenticated: true, Name: { } name }
            ? name
            : context.Request.Headers["X-User"].FirstOrDefault() ?? "anonymous";
        var department = context.Request.Headers["X-Department"].FirstOrDefault() ?? "unknown";
        var correlation = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        return new ActedBy(user, department, correlation);
    }
}
