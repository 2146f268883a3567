namespace QingzhouPlan.Domain;

/// <summary>The roles of the system. Who holds which comes from the caller's identity.</summary>
public static class Roles
{
    public const string Reporter = "reporter";
    public const string Reviewer = "reviewer";

    /// <summary>A department's head, who approves its round (部门审核) before the city's reviewers see it.</summary>
    public const string Approver = "approver";
    public const string Auditor = "auditor";
    public const string Viewer = "viewer";
    public const string Admin = "admin";

    /// <summary>Work the system does on its own behalf (seed loading, deadline escalations).</summary>
    public const string System = "system";

    /// <summary>A role's Chinese name, as the page and forms call it.</summary>
    public static string Describe(string role) => role switch
    {
        Reporter => "填报员",
        Reviewer => "审核员",
        Approver => "部门审核人",
        Auditor => "审计员",
        Viewer => "查看者",
        Admin => "管理员",
        System => "系统",
        _ => role,
    };
}
