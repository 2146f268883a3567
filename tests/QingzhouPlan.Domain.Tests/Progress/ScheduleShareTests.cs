using QingzhouPlan.Domain.Progress;

namespace QingzhouPlan.Domain.Tests.Progress;

public sealed class ScheduleShareTests
{
    [Theory]
    [InlineData("2023-12-31", 0)]
    [InlineData("2024-01-20", 0)]
    [InlineData("2024-07-12", 6)]
    [InlineData("2024-12-31", 11)]
    [InlineData("2025-01-20", 12)]
    public void The_years_schedule_counts_the_plan_years_months_that_are_over(string day, int months) =>
        ScheduleProgress.ShareOn(DateOnly.Parse(day), 2024).ShouldBe(months / 12m);
}
