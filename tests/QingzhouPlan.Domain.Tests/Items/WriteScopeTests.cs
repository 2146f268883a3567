using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Tests.Indicators;

namespace QingzhouPlan.Domain.Tests.Items;

/// <summary>Who may do what to an item, for every action and role: the one table every path asks.</summary>
public sealed class WriteScopeTests
{
    private const string Plan = "qingzhou-2024";
    private static readonly DateOnly Today = new(2024, 7, 15);

    private static readonly DatedHistory<OwnerEntry> OwnedByGxj =
        DatedHistory<OwnerEntry>.None.With(new OwnerEntry("gxj", new DateOnly(2024, 1, 1), DateTimeOffset.MinValue, 1, "seed"));

    private static ActedBy As(string role, string department = "gxj") => new($"{role}.{department}", department, null, [role]);

    // Own department (gxj) and another (tjj), for each role: the actions allowed.
    public static TheoryData<string, string, ItemAction[]> Table => new()
    {
        { Roles.Reporter, "gxj", [ItemAction.Report, ItemAction.Correct, ItemAction.Retract, ItemAction.ReportProgress, ItemAction.Submit] },
        { Roles.Reporter, "tjj", [] },
        { Roles.Reviewer, "gxj", [ItemAction.Correct, ItemAction.Verify, ItemAction.AdjustTarget, ItemAction.Reassign, ItemAction.OpenException] },
        { Roles.Reviewer, "tjj", [ItemAction.Correct, ItemAction.Verify, ItemAction.AdjustTarget, ItemAction.Reassign, ItemAction.OpenException] },
        // A department's approver acts at its approval level, which the plan sets (WriteScope.CheckLevel), not on items directly.
        { Roles.Approver, "gxj", [] },
        { Roles.Admin, "tjj", [ItemAction.AdjustTarget, ItemAction.Reassign, ItemAction.Close] },
        { Roles.Auditor, "gxj", [] },
        { Roles.Viewer, "gxj", [] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_role_may_do_its_own_actions_and_no_other(string role, string department, ItemAction[] allowed)
    {
        WriteScope.Allowed(Enum.GetValues<ItemAction>(), Plan, OwnedByGxj, closed: false, As(role, department), Today).ShouldBe(allowed);
        foreach (var action in Enum.GetValues<ItemAction>().Except(allowed))
            WriteScope.Check(action, Plan, OwnedByGxj, false, As(role, department), Today).ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Forbidden);
    }

    [Fact]
    public void A_user_with_several_roles_may_do_what_any_of_them_allows()
    {
        var both = new ActedBy("li.wei", "gxj", null, [Roles.Reporter, Roles.Reviewer]);

        WriteScope.Allowed(Enum.GetValues<ItemAction>(), Plan, OwnedByGxj, false, both, Today).ShouldBe(
            [ItemAction.Report, ItemAction.Correct, ItemAction.Retract, ItemAction.Verify, ItemAction.AdjustTarget, ItemAction.ReportProgress, ItemAction.Reassign,
             ItemAction.Submit, ItemAction.OpenException]);
    }

    [Fact]
    public void A_closed_year_takes_only_a_reviewers_correction_and_the_closing_itself()
    {
        WriteScope.Allowed(Enum.GetValues<ItemAction>(), Plan, OwnedByGxj, closed: true, As(Roles.Reporter), Today).ShouldBeEmpty();
        WriteScope.Check(ItemAction.Report, Plan, OwnedByGxj, true, As(Roles.Reporter), Today).ShouldNotBeNull().ShouldRefuse(RefusalKind.Conflict, "item");
        WriteScope.Allowed(Enum.GetValues<ItemAction>(), Plan, OwnedByGxj, closed: true, As(Roles.Reviewer, "tjj"), Today).ShouldBe([ItemAction.Correct]);
        WriteScope.Allowed(Enum.GetValues<ItemAction>(), Plan, OwnedByGxj, closed: true, As(Roles.Admin, "tjj"), Today).ShouldBe([ItemAction.Close]);
    }

    [Theory]
    [InlineData("qingzhou-2024", true)]
    [InlineData("qingzhou-*", true)]
    [InlineData("*", true)]
    [InlineData("qingzhou-2023", false)]
    [InlineData("linqu-*", false)]
    [InlineData("qingzhou-2024x", false)]
    public void A_token_acts_only_in_the_plans_it_covers(string pattern, bool covers)
    {
        var admin = As(Roles.Admin, "tjj") with { Plans = new PlanScope([pattern]) };

        var refusal = WriteScope.Check(ItemAction.AdjustTarget, Plan, OwnedByGxj, false, admin, Today);

        if (covers)
            refusal.ShouldBeNull();
        else
            refusal.ShouldNotBeNull().ShouldRefuse(RefusalKind.Forbidden, "planId");
        WriteScope.Allowed(Enum.GetValues<ItemAction>(), Plan, OwnedByGxj, false, admin with { Plans = new PlanScope([]) }, Today).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("qingzhou-2024", null)]
    [InlineData("qingzhou-*", null)]
    [InlineData("*", null)]
    [InlineData("qing*zhou", "'qing*zhou': * may only end a pattern")]
    [InlineData("", "'' is not a plan id or a prefix ending in *")]
    [InlineData("a b", "'a b' is not a plan id or a prefix ending in *")]
    public void A_plan_pattern_is_an_id_or_a_prefix(string pattern, string? problem) =>
        PlanScope.Problem(pattern).ShouldBe(problem);

    [Fact]
    public void The_system_may_do_anything()
    {
        WriteScope.Allowed(Enum.GetValues<ItemAction>(), Plan, OwnedByGxj, false, ActedBy.System(), Today).ShouldBe(Enum.GetValues<ItemAction>());
    }

    [Fact]
    public void A_role_that_may_not_act_is_told_which_role_may()
    {
        WriteScope.Check(ItemAction.Verify, Plan, OwnedByGxj, false, Given.Reporter, Today).ShouldNotBeNull()
            .ShouldRefuse(RefusalKind.Forbidden, "role").Message.ShouldContain("reviewer");
    }
}
