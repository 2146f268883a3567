using System.Diagnostics;
using QingzhouPlan.Domain;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// The one place that says who is acting and in which role. Until authentication lands it reads the
/// X-User, X-Department and X-Role headers — a development stand-in, never a body field; the
/// access-control work replaces these methods with the authenticated principal and nothing else changes.
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

    public static string Role(HttpContext context) =>
        context.Request.Headers["X-Role"].FirstOrDefault() ?? Roles.Reporter;

    /// <summary>Refuses the endpoint (403, problem details) to callers in none of the roles.</summary>
    public static RouteHandlerBuilder RequireRole(this RouteHandlerBuilder endpoint, params string[] roles) =>
        endpoint.AddEndpointFilter(async (context, next) =>
            roles.Contains(Role(context.HttpContext))
                ? await next(context)
                : Problems.Field(StatusCodes.Status403Forbidden, "role", $"requires one of the roles: {string.Join(", ", roles)}"));
}
