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

    /// <summary>Submit a figure or a round for approval (科室填报 done).</summary>
    Submit,

    /// <summary>Reopen entry for one item and period after its window closed.</summary>
    OpenException,
}
