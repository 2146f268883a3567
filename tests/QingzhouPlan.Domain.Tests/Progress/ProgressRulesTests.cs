using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Domain.Targets;
using static QingzhouPlan.Domain.Tests.Indicators.Given;

namespace QingzhouPlan.Domain.Tests.Progress;

public sealed class ProgressRulesTests
{
    [Theory]
    [InlineData("2024-01", 1 / 12.0)]
    [InlineData("2024-03", 0.25)]
    [InlineData("2024-Q2", 0.5)]
    [InlineData("2024-H1", 0.5)]
    [InlineData("2024-10", 10 / 12.0)]
    [InlineData("2024", 1.0)]
    public void Schedule_progress_is_the_elapsed_months_over_twelve(string period, double share) =>
        ((double)ScheduleProgress.ShareAtEndOf(Period.Parse(period))).ShouldBe(share, 1e-9);

    [Fact]
    public void Year_to_date_amounts_are_expected_to_grow_from_zero_along_the_schedule()
    {
        ScheduleProgress.Expected(Defined(), 30m, Period.Parse("2024-06")).ShouldBe(15m);
        ScheduleProgress.Expected(Defined(), 30m, Period.Parse("2024-Q3")).ShouldBe(22.5m);
    }

    [Fact]
    public void Growth_rates_are_held_to_the_target_itself()
    {
        ScheduleProgress.Expected(Defined(MeasureKind.GrowthRate, unit: "%"), 5.5m, Period.Parse("2024-Q1")).ShouldBe(5.5m);
    }

    [Fact]
    public void Levels_move_from_their_baseline_to_the_target_and_without_one_are_held_to_it()
    {
        var withBaseline = Defined(MeasureKind.LevelRatio, ValueKind.Level, unit: "%", baseline: new Baseline(60m, "%", 2023, "src"));
        ScheduleProgress.Expected(withBaseline, 75m, Period.Parse("2024-H1")).ShouldBe(67.5m);
        ScheduleProgress.Expected(Defined(MeasureKind.LevelRatio, ValueKind.Level, unit: "%"), 75m, Period.Parse("2024-H1")).ShouldBe(75m);
    }

    // Every comparator for a year-to-date amount: target 30, at the end of 1–6月 (expected 15) and of the year.
    [Theory]
    [InlineData(Comparator.AtLeast, "2024-06", 16, ProgressStatus.OnTrack)]
    [InlineData(Comparator.AtLeast, "2024-06", 15, ProgressStatus.OnTrack)]
    [InlineData(Comparator.AtLeast, "2024-06", 14.9, ProgressStatus.Lagging)]
    [InlineData(Comparator.AtLeast, "2024-06", 30, ProgressStatus.Met)]
    [InlineData(Comparator.AtLeast, "2024-12", 29, ProgressStatus.Lagging)]
    [InlineData(Comparator.Reach, "2024-06", 15, ProgressStatus.OnTrack)]
    [InlineData(Comparator.Reach, "2024-12", 30, ProgressStatus.Met)]
    [InlineData(Comparator.Exceed, "2024-06", 30, ProgressStatus.OnTrack)]
    [InlineData(Comparator.Exceed, "2024-06", 30.5, ProgressStatus.Met)]
    [InlineData(Comparator.Exceed, "2024-12", 30, ProgressStatus.Lagging)]
    [InlineData(Comparator.Strive, "2024-06", 14, ProgressStatus.Lagging)]
    [InlineData(Comparator.Strive, "2024-12", 30, ProgressStatus.Met)]
    [InlineData(Comparator.AtMost, "2024-06", 15, ProgressStatus.OnTrack)]
    [InlineData(Comparator.AtMost, "2024-06", 16, ProgressStatus.Lagging)]
    [InlineData(Comparator.AtMost, "2024-06", 10, ProgressStatus.OnTrack)]
    [InlineData(Comparator.AtMost, "2024-12", 30, ProgressStatus.Met)]
    [InlineData(Comparator.AtMost, "2024-12", 31, ProgressStatus.Lagging)]
    [InlineData(Comparator.Approximately, "2024-06", 14.6, ProgressStatus.OnTrack)]
    [InlineData(Comparator.Approximately, "2024-06", 14.4, ProgressStatus.Lagging)]
    [InlineData(Comparator.Approximately, "2024-12", 29.5, ProgressStatus.Met)]
    public void Year_to_date_amounts_by_comparator(Comparator comparator, string period, decimal actual, ProgressStatus status)
    {
        var tolerance = comparator == Comparator.Approximately ? 0.5m : 0m;
        ProgressRules.Assess(Defined(), new Target(30m, comparator, tolerance), Period.Parse(period), actual).Status.ShouldBe(status);
    }

    // Growth rates: 5.5%左右 (±0.5), 5.5%以上; before the year's end only on track or lagging.
    [Theory]
    [InlineData(Comparator.Approximately, "2024-Q1", 5.0, ProgressStatus.OnTrack)]
    [InlineData(Comparator.Approximately, "2024-Q1", 4.9, ProgressStatus.Lagging)]
    [InlineData(Comparator.Approximately, "2024-Q1", 8.0, ProgressStatus.OnTrack)]
    [InlineData(Comparator.Approximately, "2024-Q4", 5.1, ProgressStatus.Met)]
    [InlineData(Comparator.Approximately, "2024-Q4", 4.9, ProgressStatus.Lagging)]
    [InlineData(Comparator.AtLeast, "2024-Q2", 5.5, ProgressStatus.OnTrack)]
    [InlineData(Comparator.AtLeast, "2024-Q2", 5.4, ProgressStatus.Lagging)]
    [InlineData(Comparator.AtLeast, "2024", 5.6, ProgressStatus.Met)]
    public void Growth_rates_by_comparator(Comparator comparator, string period, decimal actual, ProgressStatus status)
    {
        var tolerance = comparator == Comparator.Approximately ? 0.5m : 0m;
        var indicator = Defined(MeasureKind.GrowthRate, frequency: Frequency.Quarterly, unit: "%");
        ProgressRules.Assess(indicator, new Target(5.5m, comparator, tolerance), Period.Parse(period), actual).Status.ShouldBe(status);
    }

    [Fact]
    public void A_level_is_not_met_before_the_year_ends_even_above_target()
    {
        var indicator = Defined(MeasureKind.LevelRatio, ValueKind.Level, Frequency.Quarterly, "%");
        ProgressRules.Assess(indicator, new Target(75m, Comparator.Reach), Period.Parse("2024-Q2"), 80m).Status.ShouldBe(ProgressStatus.OnTrack);
        ProgressRules.Assess(indicator, new Target(75m, Comparator.Reach), Period.Parse("2024-Q4"), 80m).Status.ShouldBe(ProgressStatus.Met);
    }

    [Fact]
    public void No_figure_is_no_data_and_the_assessment_says_why()
    {
        var assessment = ProgressRules.Assess(Defined(), new Target(100m, Comparator.Strive), Period.Parse("2024-06"), null);

        assessment.Status.ShouldBe(ProgressStatus.NoData);
        assessment.Expected.ShouldBe(50m);
        assessment.SoftTarget.ShouldBeTrue();
        assessment.Completion.ShouldBeNull();
    }

    [Fact]
    public void Completion_is_the_figure_over_the_target()
    {
        ProgressRules.Assess(Defined(), new Target(30m, Comparator.Exceed), Period.Parse("2024-06"), 12m).Completion.ShouldBe(0.4m);
    }
}
