using Microsoft.AspNetCore.Authorization;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// Who may call what, early: every endpoint needs an authenticated caller unless it says otherwise (health,
/// the OpenAPI document and its viewer), and a route refuses a role that can never do what it does. Whether a
/// user may do it to this item on this day — role and department together — is the item's own decision
/// (Domain.Items.WriteScope), which no route, form or page can bypass.
/// </summary>
public static class Policies
{
    /// <summary>reporter of the owning department: report figures, retract them, report task progress.</summary>
    public const string ReportOwn = "report-own";

    /// <summary>reporter of the owning department, or a reviewer for any item.</summary>
    public const string CorrectItem = "correct-item";

    /// <summary>reviewer: verify figures.</summary>
    public const string Verify = "verify";

    /// <summary>reviewer or admin: adjust targets.</summary>
    public const string AdjustTarget = "adjust-target";

    /// <summary>reviewer or admin: publish editions.</summary>
    public const string PublishEdition = "publish-edition";

    /// <summary>reviewer or admin: add, rename and merge departments, move items between them.</summary>
    public const string Reorganise = "reorganise";

    /// <summary>Who did what (<see cref="Reading.People"/>): histories, form files and imports, seed differences, verification.</summary>
    public const string Audit = "audit";

    /// <summary>The past (<see cref="Reading.Past"/>): as-of reports, diffs, editions.</summary>
    public const string ReadPast = "read-past";

    /// <summary>Anyone with a part in the round (reporter, approver, reviewer, admin); the item decides which step is whose.</summary>
    public const string RoundStep = "round-step";

    /// <summary>admin: plan administration and projection rebuilds.</summary>
    public const string Administer = "administer";


    public static void Define(AuthorizationOptions options)
    {
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(ReportOwn, p => p.RequireRole(Roles.Reporter));
        options.AddPolicy(CorrectItem, p => p.RequireRole(Roles.Reporter, Roles.Reviewer));
        options.AddPolicy(Verify, p => p.RequireRole(Roles.Reviewer));
        options.AddPolicy(AdjustTarget, p => p.RequireRole(Roles.Reviewer, Roles.Admin));
        options.AddPolicy(PublishEdition, p => p.RequireRole(Roles.Reviewer, Roles.Admin));
        options.AddPolicy(Reorganise, p => p.RequireRole(Roles.Reviewer, Roles.Admin));
        options.AddPolicy(Audit, p => p.RequireRole(Visibility.Readers(Reading.People)));
        options.AddPolicy(ReadPast, p => p.RequireRole(Visibility.Readers(Reading.Past)));
        options.AddPolicy(Administer, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(RoundStep, p => p.RequireRole(Roles.Reporter, Roles.Approver, Roles.Reviewer, Roles.Admin));
    }
}
