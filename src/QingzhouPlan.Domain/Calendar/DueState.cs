namespace QingzhouPlan.Domain.Calendar;

/// <summary>Where one due report stands.</summary>
public enum DueState
{
    /// <summary>The period has not ended; nothing can be reported yet.</summary>
    NotYetDue,

    /// <summary>The period has ended and the deadline is still ahead.</summary>
    Open,

    /// <summary>Reported by the deadline.</summary>
    OnTime,

    /// <summary>Reported, but after the deadline (迟报).</summary>
    ReportedLate,

    /// <summary>The deadline has passed and no figure stands (逾期未报).</summary>
    Missing,
}
