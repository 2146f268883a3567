namespace QingzhouPlan.Domain.Rounds;

/// <summary>Where a figure stands in its round. <see cref="Levels"/> counts the levels that approved it.</summary>
public sealed record FigureApproval(ApprovalStage Stage, int Levels, string? Message, string? By, DateTimeOffset At)
{
    /// <summary>Submitted or approved: no report, correction or retraction until it is sent back.</summary>
    public bool Locked => Stage is ApprovalStage.Submitted or ApprovalStage.Approved;
}

public enum ApprovalStage
{
    /// <summary>Submitted by the department, awaiting the first level (待审核).</summary>
    Submitted,

    /// <summary>Approved by <see cref="FigureApproval.Levels"/> levels: awaiting the next, or final after the last (定稿).</summary>
    Approved,

    /// <summary>Sent back to the reporter with a message (已退回).</summary>
    SentBack,
}
