using System.Security.Claims;

namespace QingzhouPlan.Server.Access;

/// <summary>The claims the system reads from a token: who (sub), which department, which roles.</summary>
public static class PlanClaims
{
    public const string User = "sub";
    public const string Department = "department";
    public const string Role = "role";

    public static string? DepartmentOf(ClaimsPrincipal principal) => principal.FindFirst(Department)?.Value;

    public static bool HasAnyRole(ClaimsPrincipal principal, IEnumerable<string> roles) => roles.Any(principal.IsInRole);
}
