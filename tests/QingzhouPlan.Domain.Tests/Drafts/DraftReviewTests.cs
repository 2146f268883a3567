using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Tests.Drafts;

/// <summary>The review of a draft as pure decisions over its fold: each step one event, adoption only of a whole, valid plan.</summary>
public sealed class DraftReviewTests
{
    private const string Document = """
        某县2025年国民经济和社会发展计划
        一、2024年计划执行情况
        地区生产总值增长5.8%，城镇新增就业1.1万人。
        二、2025年主要预期目标和重点任务
        主要预期目标：地区生产总值增长6%左右，城镇新增就业1.2万人以上。
        （一）推进产业升级。新建开通5G基站80个以上。培育专精特新企业。
        """;

    private static readonly ActedBy Reviewer = new("zhang.admin", "fgj", null, [Roles.Admin]);

    private static DraftState Opened()
    {
        var proposal = PlanExtractor.Extract(Document);
        return DraftState.From([new DraftOpened("d1", "plan-2025.txt", "sha", Document, proposal.Header, proposal.Chapters, DraftProposals.From(proposal), Reviewer)]);
    }

    private static DraftState Step(DraftState draft, DraftDecision decision) =>
        decision is DraftDecision.Accepted accepted ? DraftState.Apply(draft, accepted.Event) : throw new ShouldAssertException(((DraftDecision.Refused)decision).Refusal.Message);

    private static readonly DraftPlan Plan = new("county-2025", 2025, "某县", "某县2025年国民经济和社会发展计划", new DateOnly(2025, 1, 20), "县人大", "county-2024",
        [new Department("tjj", "县统计局"), new Department("gxj", "县工信局")], [new Chapter("目标", "主要预期目标"), new Chapter("一", "推进产业升级")], null);

    [Fact]
    public void The_document_s_quantities_open_as_proposals_with_the_year_s_defaults()
    {
        var draft = Opened();
        draft.Items.Select(i => (i.Kind, i.Fields.Value, i.Fields.Unit)).ShouldBe(
        [
            (DraftItemKind.Result, 5.8m, "%"), (DraftItemKind.Result, 1.1m, "万人"),
            (DraftItemKind.Target, 6m, "%"), (DraftItemKind.Target, 1.2m, "万人"), (DraftItemKind.Target, 80m, "个"),
            (DraftItemKind.Task, null, ""),
        ]);
        draft.Items[^1].Fields.Name.ShouldBe("培育专精特新企业");
        draft.Items.ShouldAllBe(i => i.Status == DraftItemStatus.Proposed);
        draft.Items[0].Fields.Period.ShouldBe("2024");
        draft.Items[2].Fields.Tolerance.ShouldBe(0.5m);
        draft.Clause(draft.Items[4]).ShouldContain("新建开通5G基站80个以上");
    }

    [Fact]
    public void Adoption_waits_for_a_plan_description_and_a_decision_on_every_proposal()
    {
        var draft = Opened();
        Refused(DraftReview.Adopt(draft, Reviewer)).Field.ShouldBe("plan");
        draft = Step(draft, DraftReview.Describe(draft, Plan, Reviewer));
        Refused(DraftReview.Adopt(draft, Reviewer)).Clerk.ShouldContain("未采用也未舍弃");

        draft = Step(draft, DraftReview.Accept(draft, draft.Items.Select(i => i.Id).ToList(), Reviewer));
        // Accepted as proposed, nobody owns them and the results' chapters are of last year's review.
        var problems = DraftReview.Problems(draft);
        problems.Count(p => p.Field.EndsWith(".owner")).ShouldBe(6);

        foreach (var item in draft.Items)
            draft = Step(draft, DraftReview.Edit(draft, item.Id, item.Start, item.Length, item.Fields with
            {
                Owner = item.Fields.Unit == "万人" ? "gxj" : "tjj", Chapter = item.Kind == DraftItemKind.Result ? "" : item.Fields.Chapter,
            }, Reviewer));
        draft.Items.ShouldAllBe(i => i.Status == DraftItemStatus.Accepted);
        DraftReview.Problems(draft).ShouldBeEmpty();
        var adopted = DraftReview.Adopt(draft, Reviewer).ShouldBeOfType<DraftDecision.Accepted>().Event.ShouldBeOfType<DraftAdopted>();
        adopted.PlanId.ShouldBe("county-2025");

        draft = DraftState.Apply(draft, adopted);
        Refused(DraftReview.Accept(draft, ["p1"], Reviewer)).Kind.ShouldBe(RefusalKind.Conflict);
    }

    [Fact]
    public void An_adopter_whose_token_does_not_cover_the_plan_is_refused()
    {
        var draft = Step(Opened(), DraftReview.Describe(Opened(), Plan, Reviewer));
        Refused(DraftReview.Adopt(draft, Reviewer with { Plans = new PlanScope(["county-2024"]) })).Kind.ShouldBe(RefusalKind.Forbidden);
    }

    [Fact]
    public void What_the_extractor_missed_is_added_from_a_selection_with_its_figure_read_from_it()
    {
        var draft = Opened();
        var start = Document.IndexOf("专精特新企业", StringComparison.Ordinal);
        var task = DraftProposals.ForSelection(draft, DraftItemKind.Task, start, "专精特新企业".Length);
        (task.Name, task.Chapter, task.Code).ShouldBe(("专精特新企业", "一", "T7"));
        draft = Step(draft, DraftReview.Add(draft, DraftItemKind.Task, start, 6, task with { Owner = "gxj" }, Reviewer));
        draft.Items[^1].Status.ShouldBe(DraftItemStatus.Accepted);

        var clause = Document.IndexOf("新建开通5G基站80个以上", StringComparison.Ordinal);
        var target = DraftProposals.ForSelection(draft, DraftItemKind.Target, clause, "新建开通5G基站80个以上".Length);
        (target.Value, target.Unit, target.Comparator).ShouldBe((80m, "个", Comparator.AtLeast));
    }

    [Fact]
    public void Duplicate_codes_missing_baselines_and_a_result_of_the_wrong_year_are_named()
    {
        var draft = Step(Opened(), DraftReview.Describe(Opened(), Plan, Reviewer));
        var (r, t) = (draft.Items[0], draft.Items[2]);
        draft = Step(draft, DraftReview.Edit(draft, r.Id, r.Start, r.Length, r.Fields with { Code = "GDP", Owner = "tjj", Period = "2023" }, Reviewer));
        draft = Step(draft, DraftReview.Edit(draft, t.Id, t.Start, t.Length, t.Fields with { Code = "GDP", Owner = "tjj", Baseline = "NONE" }, Reviewer));
        draft = Step(draft, DraftReview.Accept(draft, [r.Id, t.Id], Reviewer));
        draft = Step(draft, DraftReview.Drop(draft, draft.Items.Skip(1).Where(i => i.Id != t.Id).Select(i => i.Id).ToList(), "示例", Reviewer));
        var fields = DraftReview.Problems(draft).Select(p => p.Field).ToList();
        fields.ShouldContain($"items[{r.Id}].period");
        fields.ShouldContain($"items[{t.Id}].baseline");
        // A result and a target may share a code (the result is last year's item the target continues); two targets may not.
        fields.ShouldNotContain(f => f.EndsWith(".code"));
        var other = draft.Items[3];
        draft = Step(draft, DraftReview.Edit(draft, other.Id, other.Start, other.Length, other.Fields with { Code = "GDP" }, Reviewer));
        draft = Step(draft, DraftReview.Accept(draft, [other.Id], Reviewer));
        DraftReview.Problems(draft).ShouldContain(p => p.Field.EndsWith(".code") && p.Clerk.Contains("被 2 项同时使用"));
    }

    [Fact]
    public void Split_and_merge_replace_items_and_refuse_spans_outside_the_document()
    {
        var draft = Opened();
        var item = draft.Items[3];
        Refused(DraftReview.Split(draft, item.Id, [(item.Start, item.Length, item.Fields), (Document.Length, 3, item.Fields)], Reviewer)).Field.ShouldBe("parts[1].start");
        draft = Step(draft, DraftReview.Split(draft, item.Id, [(item.Start, 4, item.Fields), (item.Start + 4, item.Length - 4, item.Fields)], Reviewer));
        draft.Find(item.Id)!.Status.ShouldBe(DraftItemStatus.Replaced);
        var parts = draft.Items.TakeLast(2).Select(i => i.Id).ToList();
        draft = Step(draft, DraftReview.Merge(draft, parts, item.Fields, Reviewer));
        (draft.Items[^1].Start, draft.Items[^1].Length).ShouldBe((item.Start, item.Length));
        Refused(DraftReview.Merge(draft, [draft.Items[0].Id, draft.Items[^1].Id], item.Fields, Reviewer)).Clerk.ShouldContain("同一类");
        Refused(DraftReview.Accept(draft, [item.Id], Reviewer)).Kind.ShouldBe(RefusalKind.NotFound);
    }

    [Fact]
    public void A_round_that_could_not_be_set_on_a_plan_is_refused_when_the_plan_is_described()
    {
        var draft = Opened();
        var bad = new Domain.Rounds.QualityRule("yoy", "同比", Domain.Rounds.RuleKind.YearOnYear, Domain.Rounds.RuleSeverity.Explain, "GDP", null, null, null, "6%左右");
        var refusal = Refused(DraftReview.Describe(draft, Plan with { Round = new DraftRound([], [bad], null) }, Reviewer));
        (refusal.Field, refusal.Clerk).ShouldBe(("round.rules", "规则「yoy」须给出允许的变动幅度"));
    }

    [Fact]
    public void Results_and_links_to_last_year_need_the_previous_plan_and_a_merge_two_different_items()
    {
        var draft = Step(Opened(), DraftReview.Describe(Opened(), Plan with { PreviousPlanId = "" }, Reviewer));
        draft = Step(draft, DraftReview.Accept(draft, [draft.Items[0].Id], Reviewer));
        DraftReview.Problems(draft).Select(p => p.Field).ShouldContain("plan.previousPlanId");
        Refused(DraftReview.Merge(draft, ["p2", "p2"], draft.Items[1].Fields, Reviewer)).Clerk.ShouldContain("两个不同的项");
    }

    [Fact]
    public void The_previous_plan_s_item_is_matched_by_name_within_the_same_dimension()
    {
        var previous = new List<PreviousItem>
        {
            new("INDUSTRIAL-OUTPUT", "规上工业总产值", "亿元", "gxj"),
            new("JOBS", "城镇新增就业", "人", "rsj"),
            new("EMPLOYERS", "新增就业企业", "家", "scj"),
        };
        var fields = Opened().Items[3].Fields;
        PreviousItems.Match(fields with { Name = "城镇新增就业" }, previous).ShouldBe(new PreviousMatch("JOBS", "城镇新增就业", "rsj", 1));
        PreviousItems.Match(fields with { Name = "规上工业总产值增长", Unit = "亿元" }, previous)!.Code.ShouldBe("INDUSTRIAL-OUTPUT");
        // A name alike but measured in another dimension is not the same indicator.
        PreviousItems.Match(fields with { Name = "新增就业企业", Unit = "亿元" }, previous).ShouldBeNull();
    }

    private static Refusal Refused(DraftDecision decision) => decision.ShouldBeOfType<DraftDecision.Refused>().Refusal;
}
