namespace QingzhouPlan.Domain;

/// <summary>The roles of the system. Who holds which comes from the caller's identity.</summary>
public static class Roles
{
    public const string Reporter = "reporter";
    public const string Reviewer = "reviewer";
    public const string Auditor = "auditor";
    public const string Viewer = "viewer";
    public const string Admin = "admin";

    /// <summary>Work the system does on its own behalf (seed loading, deadline escalations).</summary>
    public const string System = "system";
}
