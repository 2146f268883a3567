using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using static QingzhouPlan.Domain.Tests.Indicators.Given;

namespace QingzhouPlan.Domain.Tests.Calendar;

public sealed class ReportingCalendarTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Theory]
    [InlineData(Frequency.Monthly, 12)]
    [InlineData(Frequency.Quarterly, 4)]
    [InlineData(Frequency.HalfYearly, 2)]
    [InlineData(Frequency.Annual, 1)]
    public void Each_frequency_owes_its_periods_of_the_year(Frequency frequency, int count) =>
        ReportingCalendar.PeriodsOf(frequency, 2024).Count.ShouldBe(count);

    [Fact]
    public void A_report_is_due_the_tenth_day_after_its_period_ends() =>
        ReportingCalendar.DueOn(Period.Parse("2024-06"), 10).ShouldBe(new DateOnly(2024, 7, 10));

    [Fact]
    public void Each_period_stands_on_time_late_missing_open_or_not_yet_due()
    {
        // Reported: May on 2 June (on time); April on 11 May 08:30 Beijing (after the 10 May deadline).
        var state = IndicatorState.Empty
            .Apply(Defined(), DateTimeOffset.MinValue)
            .Apply(TargetOf(30m), DateTimeOffset.MinValue)
            .Apply(Reported("2024-04", 8m), new DateTimeOffset(2024, 5, 11, 8, 30, 0, Beijing))
            .Apply(Reported("2024-05", 10m), new DateTimeOffset(2024, 6, 2, 10, 0, 0, Beijing));
        var now = new DateTimeOffset(2024, 7, 5, 12, 0, 0, Beijing);

        var calendar = ReportingCalendar.For(state, now).ToDictionary(d => d.Period.ToString(), d => d.State);

        calendar["2024-03"].ShouldBe(DueState.Missing);
        calendar["2024-04"].ShouldBe(DueState.ReportedLate);
        calendar["2024-05"].ShouldBe(DueState.OnTime);
        calendar["2024-06"].ShouldBe(DueState.Open);
        calendar["2024-07"].ShouldBe(DueState.NotYetDue);
    }

    [Fact]
    public void The_deadline_is_the_end_of_the_due_day_in_Beijing()
    {
        var state = IndicatorState.Empty.Apply(Defined(), DateTimeOffset.MinValue);
        var lastMinute = new DateTimeOffset(2024, 7, 10, 23, 59, 0, Beijing);
        var nextDay = new DateTimeOffset(2024, 7, 11, 0, 0, 0, Beijing);

        ReportingCalendar.For(state, lastMinute).Single(d => d.Period == Period.Month(2024, 6)).State.ShouldBe(DueState.Open);
        ReportingCalendar.For(state, nextDay).Single(d => d.Period == Period.Month(2024, 6)).State.ShouldBe(DueState.Missing);
    }
}
