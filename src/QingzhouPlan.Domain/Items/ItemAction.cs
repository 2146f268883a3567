namespace QingzhouPlan.Domain.Items;

/// <summary>What can be done to a plan item; <see cref="WriteScope"/> says who may do which.</summary>
public enum ItemAction
{
    Report,
    Correct,
    Retract,
    Verify,
    AdjustTarget,
    ReportProgress,
    Reassign,
    Close,
}
