using QingzhouPlan.Domain.Calendar;

namespace QingzhouPlan.Server.Items;

/// <summary>Section "Reporting".</summary>
public sealed class ReportingOptions
{
    /// <summary>Days after a period ends by which its report is due (end of that day, Beijing time).</summary>
    public int GraceDays { get; set; } = ReportingCalendar.DefaultGraceDays;

    /// <summary>提醒: days before the deadline that a missing report is reminded.</summary>
    public int RemindDaysBefore { get; set; } = EscalationPolicy.Default.RemindDaysBefore;

    /// <summary>通报: days after the deadline that a still-missing report is reported to the leadership.</summary>
    public int NoticeDaysAfter { get; set; } = EscalationPolicy.Default.NoticeDaysAfter;

    /// <summary>How often each department's reminder looks for deadlines (Orleans reminders tick at most once a minute).</summary>
    public TimeSpan DeadlineCheckEvery { get; set; } = TimeSpan.FromHours(1);

    public EscalationPolicy Escalation => new(RemindDaysBefore, NoticeDaysAfter);
}
