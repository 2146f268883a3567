using System.Text.RegularExpressions;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Domain.Units;

namespace QingzhouPlan.Domain.Drafts;

/// <summary>
/// The review of a draft, step by step: each step is decided against the draft as it stands and becomes one event of
/// its stream. Nothing changes a draft once adopted. Adoption is refused while any item is unreviewed or any accepted
/// item would not make a valid plan; <see cref="Problems"/> lists every such reason, for the page as for the refusal.
/// </summary>
public static partial class DraftReview
{
    /// <summary>The years a plan may be for: a guard against a mistyped year, not a policy.</summary>
    public const int FirstYear = 2000;

    public const int LastYear = 2100;

    public static DraftDecision Describe(DraftState draft, DraftPlan plan, ActedBy actor)
    {
        if (Closed(draft) is { } closed)
            return closed;
        if (!Code().IsMatch(plan.Id))
            return DraftDecision.Refuse(RefusalKind.Invalid, "id", "a plan id is lower-case letters, digits and hyphens", "计划编号只能由小写字母、数字和连字符组成");
        if (plan.Year is < FirstYear or > LastYear)
            return DraftDecision.Refuse(RefusalKind.Invalid, "year", "the plan year is out of range", "计划年度不在合理范围内");
        if (plan.Departments.Count == 0 || plan.Departments.Select(d => d.Code).Distinct(StringComparer.Ordinal).Count() != plan.Departments.Count)
            return DraftDecision.Refuse(RefusalKind.Invalid, "departments", "departments must be listed, each code once", "须列出责任部门，且编码不得重复");
        if (plan.Chapters.Count == 0 || plan.Chapters.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count() != plan.Chapters.Count)
            return DraftDecision.Refuse(RefusalKind.Invalid, "chapters", "chapters must be listed, each code once", "须列出章节，且编号不得重复");
        if (plan.Round is { } round && RoundRefusal(plan, round, actor) is { } refused)
            return new DraftDecision.Refused(refused with { Field = "round." + refused.Field });
        return new DraftDecision.Accepted(new DraftPlanDescribed(plan, actor));
    }

    // The round is checked now, by the decisions that set a loaded plan's round, so a draft holds none it could not adopt.
    private static Refusal? RoundRefusal(DraftPlan plan, DraftRound round, ActedBy actor)
    {
        var adopted = PlanState.Empty.Apply(new PlanAdopted(plan.Id, plan.Year, plan.Region, plan.Title, plan.AdoptedOn, plan.AdoptedBy, "", "",
            plan.Departments, plan.Chapters, actor));
        const string Reason = "草案审核";
        var decisions = new List<PlanDecision> { RoundPolicyDecision.Rules(adopted, round.Rules, Reason, actor) };
        if (round.Levels.Count > 0)
            decisions.Add(RoundPolicyDecision.Levels(adopted, round.Levels, Reason, actor));
        if (round.Window is { } window)
            decisions.Add(RoundPolicyDecision.Window(adopted, window, Reason, actor));
        return decisions.OfType<PlanDecision.Refused>().Select(r => r.Refusal).FirstOrDefault();
    }

    public static DraftDecision Accept(DraftState draft, IReadOnlyList<string> ids, ActedBy actor) =>
        Closed(draft) ?? Missing(draft, ids) ?? new DraftDecision.Accepted(new DraftItemsAccepted(ids, actor));

    public static DraftDecision Drop(DraftState draft, IReadOnlyList<string> ids, string reason, ActedBy actor) =>
        Closed(draft) ?? Missing(draft, ids)
        ?? (string.IsNullOrWhiteSpace(reason)
            ? DraftDecision.Refuse(RefusalKind.Invalid, "reason", "say why the items are dropped", "请说明不采用的理由")
            : new DraftDecision.Accepted(new DraftItemsDropped(ids, reason.Trim(), actor)));

    public static DraftDecision Edit(DraftState draft, string id, int start, int length, DraftItemFields fields, ActedBy actor) =>
        Closed(draft) ?? Missing(draft, [id]) ?? Span(draft, "", start, length) ?? Shape(draft.Find(id)!.Kind, fields, "")
        ?? new DraftDecision.Accepted(new DraftItemEdited(id, start, length, fields, actor));

    /// <summary>Text the extractor missed, selected by the reviewer: a new accepted item.</summary>
    public static DraftDecision Add(DraftState draft, DraftItemKind kind, int start, int length, DraftItemFields fields, ActedBy actor) =>
        Closed(draft) ?? Span(draft, "", start, length) ?? Shape(kind, fields, "")
        ?? new DraftDecision.Accepted(new DraftItemAdded(new DraftItem(draft.NextId(), kind, DraftItemStatus.Accepted, start, length, fields, 1), actor));

    /// <summary>One proposal that holds several items (城乡居民收入分别增长…) becomes as many, each on its own span.</summary>
    public static DraftDecision Split(DraftState draft, string id, IReadOnlyList<(int Start, int Length, DraftItemFields Fields)> parts, ActedBy actor)
    {
        if ((Closed(draft) ?? Missing(draft, [id])) is { } refused)
            return refused;
        if (parts.Count < 2)
            return DraftDecision.Refuse(RefusalKind.Invalid, "parts", "a split makes at least two items", "拆分至少得到两项");
        var item = draft.Find(id)!;
        var into = new List<DraftItem>();
        for (var i = 0; i < parts.Count; i++)
        {
            var (start, length, fields) = parts[i];
            if ((Span(draft, $"parts[{i}].", start, length) ?? Shape(item.Kind, fields, $"parts[{i}].")) is { } bad)
                return bad;
            into.Add(new DraftItem(draft.NextId(i), item.Kind, DraftItemStatus.Proposed, start, length, fields, item.Confidence));
        }
        return new DraftDecision.Accepted(new DraftItemSplit(id, into, actor));
    }

    /// <summary>Proposals that are one item (a figure and its unit read apart) become one, spanning all their clauses.</summary>
    public static DraftDecision Merge(DraftState draft, IReadOnlyList<string> ids, DraftItemFields fields, ActedBy actor)
    {
        if ((Closed(draft) ?? Missing(draft, ids)) is { } refused)
            return refused;
        var items = ids.Select(draft.Find).OfType<DraftItem>().ToList();
        if (items.Count < 2 || ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
            return DraftDecision.Refuse(RefusalKind.Invalid, "items", "a merge takes at least two different items", "合并至少需要两个不同的项");
        if (items.Select(i => i.Kind).Distinct().Count() > 1)
            return DraftDecision.Refuse(RefusalKind.Invalid, "items", "only items of one kind merge", "只能合并同一类的项");
        if (Shape(items[0].Kind, fields, "") is { } bad)
            return bad;
        var start = items.Min(i => i.Start);
        var end = items.Max(i => i.Start + i.Length);
        return new DraftDecision.Accepted(new DraftItemsMerged(ids,
            new DraftItem(draft.NextId(), items[0].Kind, DraftItemStatus.Proposed, start, end - start, fields, items.Min(i => i.Confidence)), actor));
    }

    public static DraftDecision Adopt(DraftState draft, ActedBy actor)
    {
        if (Closed(draft) is { } closed)
            return closed;
        if (actor.Plans is { } scope && draft.Plan is { } plan
            && (!scope.Covers(plan.Id) || plan.PreviousPlanId.Length > 0 && !scope.Covers(plan.PreviousPlanId)))
        {
            var denied = scope.Covers(plan.Id) ? plan.PreviousPlanId : plan.Id;
            return DraftDecision.Refuse(RefusalKind.Forbidden, "plan.id", $"the caller's token does not cover plan '{denied}'", $"您的授权不包括计划「{denied}」");
        }
        var problems = Problems(draft);
        if (problems.Count > 0)
        {
            var more = problems.Count > 1 ? $" (and {problems.Count - 1} more)" : "";
            var moreClerk = problems.Count > 1 ? $"（另有 {problems.Count - 1} 处问题）" : "";
            return DraftDecision.Refuse(RefusalKind.Conflict, problems[0].Field, problems[0].Message + more, problems[0].Clerk + moreClerk);
        }
        return new DraftDecision.Accepted(new DraftAdopted(draft.Plan!.Id, actor));
    }

    /// <summary>Every reason the draft cannot be adopted yet; none when it can.</summary>
    public static IReadOnlyList<DraftProblem> Problems(DraftState draft)
    {
        var problems = new List<DraftProblem>();
        if (draft.Plan is not { } plan)
            return [new DraftProblem("plan", "describe the plan (id, year, departments, chapters) first", "请先填写计划信息（编号、年度、部门、章节）")];
        var unreviewed = draft.Live.Count(i => i.Status == DraftItemStatus.Proposed);
        if (unreviewed > 0)
            problems.Add(new DraftProblem("items", $"{unreviewed} proposals are neither accepted nor dropped", $"还有 {unreviewed} 项建议未采用也未舍弃"));
        var accepted = draft.Live.Where(i => i.Status == DraftItemStatus.Accepted).ToList();
        var departments = plan.Departments.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var chapters = plan.Chapters.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var results = accepted.Where(i => i.Kind == DraftItemKind.Result).Select(i => i.Fields.Code).ToHashSet(StringComparer.Ordinal);
        // Last year's results and links to last year's items live in the previous plan: it must be named.
        if (plan.PreviousPlanId.Length == 0 && accepted.Any(i => i.Kind == DraftItemKind.Result || i.Fields.Continues is { Length: > 0 }))
            problems.Add(new DraftProblem("plan.previousPlanId", "accepted results and links to last year's items need the previous plan's id",
                "已采用上年结果或续接上年指标，须在计划信息中填写上年计划"));
        foreach (var item in accepted)
        {
            var f = item.Fields;
            var at = $"items[{item.Id}].";
            if (Shape(item.Kind, f, at) is DraftDecision.Refused { Refusal: var r })
                problems.Add(new DraftProblem(r.Field, r.Message, r.Clerk));
            if (!departments.Contains(f.Owner))
                problems.Add(new DraftProblem(at + "owner", $"{item.Id}: owner '{f.Owner}' is not a department of the plan", $"第 {item.Id} 项：责任部门「{f.Owner}」不在计划的部门中"));
            if (item.Kind != DraftItemKind.Result && !chapters.Contains(f.Chapter))
                problems.Add(new DraftProblem(at + "chapter", $"{item.Id}: chapter '{f.Chapter}' is not a chapter of the plan", $"第 {item.Id} 项：章节「{f.Chapter}」不在计划的章节中"));
            if (item.Kind == DraftItemKind.Target && f.Baseline is { Length: > 0 } baseline && !results.Contains(baseline))
                problems.Add(new DraftProblem(at + "baseline", $"{item.Id}: baseline '{baseline}' is not an accepted result", $"第 {item.Id} 项：基数「{baseline}」不是已采用的上年结果"));
            // The same indicator in another year keeps its code: its series, rules and forms carry on under it.
            if (item.Kind == DraftItemKind.Target && f.Continues is { Length: > 0 } continues && continues != f.Code)
                problems.Add(new DraftProblem(at + "code", $"{item.Id}: an indicator that continues '{continues}' keeps its code", $"第 {item.Id} 项：续接上年指标 {continues}，编码须与之相同"));
            if (item.Kind == DraftItemKind.Result && f.Period is { } period && Period.TryParse(period, out var p, out _) && p.Year != plan.Year - 1)
                problems.Add(new DraftProblem(at + "period", $"{item.Id}: a result is of the year before the plan ({plan.Year - 1})", $"第 {item.Id} 项：执行结果应属上一年度（{plan.Year - 1}年）"));
        }
        // A rule of the round names indicators of this plan (one copied from last year's may name one not carried on).
        var targets = accepted.Where(i => i.Kind == DraftItemKind.Target).Select(i => i.Fields.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in plan.Round?.Rules ?? [])
            foreach (var code in new[] { rule.Indicator, rule.Other }.OfType<string>().Where(c => c != "*" && !targets.Contains(c)))
                problems.Add(new DraftProblem($"round.rules[{rule.Id}]", $"rule {rule.Id} names indicator '{code}', which the draft does not accept",
                    $"审核规则「{rule.Name}」所指指标 {code} 不在草案中：请删除该规则，或采用该指标"));
        // Targets and tasks share the plan's codes; results are the previous plan's.
        foreach (var (space, items) in new[] { ("plan", accepted.Where(i => i.Kind != DraftItemKind.Result)), ("results", accepted.Where(i => i.Kind == DraftItemKind.Result)) })
            foreach (var twice in items.GroupBy(i => i.Fields.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
                problems.Add(new DraftProblem($"items[{twice.First().Id}].code", $"code '{twice.Key}' is used by {twice.Count()} items ({space})",
                    $"编码「{twice.Key}」被 {twice.Count()} 项同时使用"));
        return problems;
    }

    private static DraftDecision? Closed(DraftState draft) =>
        draft.AdoptedAs is { } plan
            ? DraftDecision.Refuse(RefusalKind.Conflict, "draft", $"the draft was adopted as plan {plan}; it changes no more", $"草案已通过为计划 {plan}，不能再修改")
            : null;

    /// <summary>A refusal when no item is named, or one named is not in the draft (or was replaced); null when all are there.</summary>
    public static DraftDecision? Missing(DraftState draft, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
            return DraftDecision.Refuse(RefusalKind.Invalid, "items", "name at least one item", "请至少选择一项");
        var missing = ids.FirstOrDefault(id => draft.Find(id) is not { Status: not DraftItemStatus.Replaced });
        return missing is null ? null
            : DraftDecision.Refuse(RefusalKind.NotFound, "items", $"the draft has no item '{missing}' (or a split or merge replaced it)", $"草案中没有第 {missing} 项（或已被拆分、合并）");
    }

    /// <summary>A refusal when the span is not text of the document; null when it is.</summary>
    public static DraftDecision? Span(DraftState draft, string at, int start, int length) =>
        start < 0 || length <= 0 || start + length > draft.Text.Length
            ? DraftDecision.Refuse(RefusalKind.Invalid, at + "start", $"the span {start}+{length} is not within the document ({draft.Text.Length} characters)", "所选文字不在文件范围内")
            : DraftState.Clause(draft.Text, start, length).Length == 0
                ? DraftDecision.Refuse(RefusalKind.Invalid, at + "start", "the span holds no text", "所选范围没有文字")
                : null;

    // What an item needs to become its plan event: a code, a name; a figure in a catalogued unit for targets and results,
    // a comparator for targets, a period for results.
    private static DraftDecision? Shape(DraftItemKind kind, DraftItemFields f, string at)
    {
        if (!ItemCode().IsMatch(f.Code))
            return DraftDecision.Refuse(RefusalKind.Invalid, at + "code", $"item code '{f.Code}' is not letters, digits and hyphens", $"编码「{f.Code}」只能由字母、数字和连字符组成");
        if (string.IsNullOrWhiteSpace(f.Name))
            return DraftDecision.Refuse(RefusalKind.Invalid, at + "name", $"{f.Code}: a name (or a task's text) is required", $"{f.Code}：须填写名称");
        if (kind == DraftItemKind.Task)
            return null;
        if (f.Value is null)
            return DraftDecision.Refuse(RefusalKind.Invalid, at + "value", $"{f.Code}: a figure is required", $"{f.Code}：须填写数值");
        if (UnitCatalogue.Find(f.Unit) is null)
            return DraftDecision.Refuse(RefusalKind.Invalid, at + "unit", $"{f.Code}: unit '{f.Unit}' is not in the catalogue", $"{f.Code}：计量单位「{f.Unit}」不在单位目录中");
        if (kind == DraftItemKind.Target && f.Comparator is null)
            return DraftDecision.Refuse(RefusalKind.Invalid, at + "comparator", $"{f.Code}: a target needs a comparator", $"{f.Code}：目标须注明比较方式（左右、以上等）");
        if (kind == DraftItemKind.Result && (f.Period is null || !Period.TryParse(f.Period, out _, out _)))
            return DraftDecision.Refuse(RefusalKind.Invalid, at + "period", $"{f.Code}: a result needs its period (2023, 2023-12)", $"{f.Code}：执行结果须注明期别");
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex Code();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")]
    private static partial Regex ItemCode();
}
