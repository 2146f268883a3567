using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Tests.Items;

/// <summary>A command sent with the version it was read at records only onto that version; one that records nothing anyway is answered as usual.</summary>
public sealed class ExpectedVersionTests
{
    private static readonly Decision Records = Decision.Accept(
        new ValueRetracted(Period.Month(2024, 6), 13m, "错报", new ActedBy("li.wei", "gxj", null)));

    [Fact]
    public void On_the_version_read_the_decision_stands() =>
        ExpectedVersion.Guard(Records, expected: 7, actual: 7).ShouldBe(Records);

    [Fact]
    public void Without_a_version_the_decision_stands() =>
        ExpectedVersion.Guard(Records, expected: null, actual: 7).ShouldBe(Records);

    [Fact]
    public void On_an_item_that_moved_it_is_refused_as_a_conflict_naming_both_versions()
    {
        var refused = ExpectedVersion.Guard(Records, expected: 5, actual: 7).ShouldBeOfType<Decision.Refused>().Refusal;
        refused.Kind.ShouldBe(RefusalKind.Conflict);
        refused.Field.ShouldBe("expectedVersion");
        refused.Clerk.ShouldBe("该指标已有更新（当前版本 7，所据版本 5），请刷新后再报");
    }

    [Fact]
    public void What_records_nothing_anyway_is_not_refused_for_an_old_version()
    {
        var already = new Decision.AlreadyDone();
        ExpectedVersion.Guard(already, expected: 5, actual: 7).ShouldBe(already);
    }
}
