namespace QingzhouPlan.Server.Reporting;

/// <summary>Section "Reporting".</summary>
public sealed class ReportingOptions
{
    /// <summary>Days after a period ends by which its report is due (end of that day, Beijing time).</summary>
    public int GraceDays { get; set; } = Domain.Calendar.ReportingCalendar.DefaultGraceDays;
}
