using Microsoft.AspNetCore.Authorization;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// Who may call what. Every endpoint needs an authenticated caller unless it says otherwise (health,
/// the OpenAPI document and its viewer). Which department may write to an item is not decided here, from
/// a route, but by the item itself against its owner on the day of the command (Domain.Items.WriteScope).
/// </summary>
public static class Policies
{
    /// <summary>reporter of the owning department: report figures, retract them, report task progress.</summary>
    public const string ReportOwn = "report-own";

    /// <summary>reporter of the owning department, or a reviewer for any item.</summary>
    public const string CorrectItem = "correct-item";

    /// <summary>reviewer: verify figures.</summary>
    public const string Verify = "verify";

    /// <summary>reviewer or admin: adjust targets, publish editions, reassign items and reorganise departments.</summary>
    public const string AdjustTarget = "adjust-target";

    /// <summary>auditor, reviewer or admin: full histories, seed differences.</summary>
    public const string Audit = "audit";

    /// <summary>admin: plan administration and projection rebuilds.</summary>
    public const string Administer = "administer";

    /// <summary>The roles that may read the past (as-of views, editions, histories): auditor, reviewer, admin.</summary>
    public static readonly string[] PastReaders = [Roles.Auditor, Roles.Reviewer, Roles.Admin];

    public static bool ReadsThePast(System.Security.Claims.ClaimsPrincipal user) => PastReaders.Any(user.IsInRole);

    public static void Define(AuthorizationOptions options)
    {
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(ReportOwn, p => p.RequireRole(Roles.Reporter));
        options.AddPolicy(CorrectItem, p => p.RequireRole(Roles.Reporter, Roles.Reviewer));
        options.AddPolicy(Verify, p => p.RequireRole(Roles.Reviewer));
        options.AddPolicy(AdjustTarget, p => p.RequireRole(Roles.Reviewer, Roles.Admin));
        options.AddPolicy(Audit, p => p.RequireRole(PastReaders));
        options.AddPolicy(Administer, p => p.RequireRole(Roles.Admin));
    }
}
