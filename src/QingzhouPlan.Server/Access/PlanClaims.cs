using System.Security.Claims;

namespace QingzhouPlan.Server.Access;

/// <summary>The claims the system reads from a token: who (sub), which department, which roles, which plans.</summary>
public static class PlanClaims
{
    public const string User = "sub";
    public const string Department = "department";
    public const string Role = "role";
    public const string Plan = "plan";

    public static string? DepartmentOf(ClaimsPrincipal principal) => principal.FindFirst(Department)?.Value;

    /// <summary>The plans the token covers; none when it names none (<see cref="PlanScopeClaims"/> fills in the default first).</summary>
    public static Domain.PlanScope ScopeOf(ClaimsPrincipal principal) =>
        new(principal.FindAll(Plan).Select(c => c.Value).Distinct().ToList());

    public static bool HasAnyRole(ClaimsPrincipal principal, IEnumerable<string> roles) => roles.Any(principal.IsInRole);
}
