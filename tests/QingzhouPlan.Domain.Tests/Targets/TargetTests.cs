using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Tests.Targets;

public sealed class TargetTests
{
    [Theory]
    [InlineData(Comparator.Approximately, 5.5, 0.5, 5.0, true)]
    [InlineData(Comparator.Approximately, 5.5, 0.5, 6.0, true)]
    [InlineData(Comparator.Approximately, 5.5, 0.5, 4.9, false)]
    [InlineData(Comparator.Approximately, 5.5, 0.5, 7.2, true)] // 超额完成 counts as met
    [InlineData(Comparator.AtLeast, 90, 0, 90, true)]
    [InlineData(Comparator.AtLeast, 90, 0, 89.9, false)]
    [InlineData(Comparator.Exceed, 30, 0, 30, false)]
    [InlineData(Comparator.Exceed, 30, 0, 30.1, true)]
    [InlineData(Comparator.Strive, 100, 0, 100, true)]
    [InlineData(Comparator.Strive, 100, 0, 99, false)]
    [InlineData(Comparator.Reach, 138, 0, 138, true)]
    [InlineData(Comparator.Reach, 138, 0, 137, false)]
    [InlineData(Comparator.AtMost, 3, 0, 3, true)]
    [InlineData(Comparator.AtMost, 3, 0, 3.1, false)]
    public void A_final_figure_meets_the_target_as_worded(Comparator comparator, decimal target, decimal tolerance, decimal actual, bool met)
    {
        new Target(target, comparator, tolerance).IsMetBy(actual).ShouldBe(met);
    }

    [Theory]
    [InlineData(Comparator.Approximately, "5.5%左右")]
    [InlineData(Comparator.AtLeast, "5.5%以上")]
    [InlineData(Comparator.Exceed, "突破5.5%")]
    [InlineData(Comparator.Strive, "力争5.5%")]
    [InlineData(Comparator.Reach, "5.5%")]
    [InlineData(Comparator.AtMost, "5.5%以内")]
    public void Every_comparator_is_described_in_the_plans_own_words(Comparator comparator, string text)
    {
        new Target(5.5m, comparator).Describe("%").ShouldBe(text);
    }
}
