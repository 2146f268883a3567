using System.Security.Claims;
using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Access;

/// <summary>What a reader may see, beyond the present: every signed-in role reads current figures and standings.</summary>
public enum Reading
{
    /// <summary>Current figures, targets, standings, calendars, summaries: what the plan stands at now.</summary>
    Present,

    /// <summary>The past: as-of views, editions, diffs between instants.</summary>
    Past,

    /// <summary>Who did what: histories, the feed's names, form files and their imports, seed differences.</summary>
    People,
}

/// <summary>
/// The one rule for who reads what, applied to every read: the routes' policies, the status endpoint's
/// as-of and edition views, the feed's names, and what the page is told it may show. Viewers see figures
/// and standings, not people and not the past; auditors, reviewers and admins see everything.
/// </summary>
public static class Visibility
{
    public static IReadOnlyList<string> Readers(Reading reading) => reading switch
    {
        Reading.Present => [Roles.Reporter, Roles.Approver, Roles.Reviewer, Roles.Auditor, Roles.Viewer, Roles.Admin],
        Reading.Past or Reading.People => [Roles.Auditor, Roles.Reviewer, Roles.Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(reading), reading, null),
    };

    public static bool May(ClaimsPrincipal user, Reading reading) => Readers(reading).Any(user.IsInRole);
}
