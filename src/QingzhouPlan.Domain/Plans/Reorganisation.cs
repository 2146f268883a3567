namespace QingzhouPlan.Domain.Plans;

/// <summary>Commands on a plan's departments and its closing, decided against the plan's state.</summary>
public static class Reorganisation
{
    /// <summary>What every reorganisation needs: an open plan, a date in its year, a basis.</summary>
    private static Refusal? Check(PlanState plan, DateOnly effectiveFrom, string basis) =>
        plan.Adopted is null ? new Refusal(RefusalKind.NotFound, "planId", "no such plan", "没有这个计划")
            : plan.Closed ? new Refusal(RefusalKind.Conflict, "planId", "the plan is closed", "计划已关闭")
            : effectiveFrom.Year != plan.Adopted.Year ? new Refusal(RefusalKind.Invalid, "effectiveFrom", $"must fall within the plan year {plan.Adopted.Year}", $"生效日期须在计划年度 {plan.Adopted.Year} 年内")
            : string.IsNullOrWhiteSpace(basis) ? new Refusal(RefusalKind.Invalid, "basis", "the basis is required: the document that decides it (文件号)", "须写明依据（文件号）")
            : basis.Length > TextLimit.Characters ? new Refusal(RefusalKind.Invalid, "basis", TextLimit.TooLong, "依据" + TextLimit.TooLongClerk)
            : null;

    public static PlanDecision Add(PlanState plan, string code, string name, DateOnly effectiveFrom, string basis, ActedBy actor)
    {
        if (Check(plan, effectiveFrom, basis) is { } refused)
            return new PlanDecision.Refused(refused);
        if (!IsCode(code))
            return PlanDecision.Refuse(RefusalKind.Invalid, "code", "a department code of 1–32 lower-case letters, digits or '-'",
                "单位代码须为 1–32 个小写字母、数字或连字符");
        if (plan.Departments.ContainsKey(code))
            return PlanDecision.Refuse(RefusalKind.Conflict, "code", $"department '{code}' already exists", $"单位代码「{code}」已存在");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            return PlanDecision.Refuse(RefusalKind.Invalid, "name", "a name of 1–100 characters is required", "单位名称须为 1–100 个字");
        return new PlanDecision.Accepted(new DepartmentAdded(code, name.Trim(), effectiveFrom, basis.Trim(), actor));
    }

    public static PlanDecision Rename(PlanState plan, string code, string name, DateOnly effectiveFrom, string basis, ActedBy actor)
    {
        if (Check(plan, effectiveFrom, basis) is { } refused)
            return new PlanDecision.Refused(refused);
        if (!plan.Departments.TryGetValue(code, out var department))
            return PlanDecision.Refuse(RefusalKind.NotFound, "code", $"no department '{code}' in this plan", $"本计划没有单位「{code}」");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            return PlanDecision.Refuse(RefusalKind.Invalid, "name", "a name of 1–100 characters is required", "单位名称须为 1–100 个字");
        var previous = department.NameOn(effectiveFrom);
        return previous == name.Trim()
            ? PlanDecision.Refuse(RefusalKind.Conflict, "name", $"the department is already called {previous} on that date", $"该单位在这一天已叫 {previous}")
            : new PlanDecision.Accepted(new DepartmentRenamed(code, name.Trim(), previous, effectiveFrom, basis.Trim(), actor));
    }

    public static PlanDecision Merge(PlanState plan, IReadOnlyList<string> merged, string into, DateOnly effectiveFrom, string basis, ActedBy actor)
    {
        if (Check(plan, effectiveFrom, basis) is { } refused)
            return new PlanDecision.Refused(refused);
        if (!plan.Departments.TryGetValue(into, out var target) || !target.ExistsOn(effectiveFrom))
            return PlanDecision.Refuse(RefusalKind.Invalid, "into", $"'{into}' is not a department of this plan on {effectiveFrom:yyyy-MM-dd}",
                $"{effectiveFrom:yyyy-MM-dd} 本计划没有单位「{into}」");
        if (merged.Count == 0 || merged.Contains(into))
            return PlanDecision.Refuse(RefusalKind.Invalid, "merged", "name the departments merged into another, not the one they join",
                "请列出被并入的单位，不含并入的目标单位");
        if (merged.FirstOrDefault(m => !plan.Departments.TryGetValue(m, out var d) || !d.ExistsOn(effectiveFrom)) is { } missing)
            return PlanDecision.Refuse(RefusalKind.Invalid, "merged", $"'{missing}' is not a department of this plan on {effectiveFrom:yyyy-MM-dd}",
                $"{effectiveFrom:yyyy-MM-dd} 本计划没有单位「{missing}」");
        return new PlanDecision.Accepted(new DepartmentsMerged(merged.Distinct().ToList(), into, effectiveFrom, basis.Trim(), actor));
    }

    /// <summary>Every item of some departments moves to another from a date: the items record it, the plan's stream needs nothing.</summary>
    public static PlanDecision MoveItems(PlanState plan, IReadOnlyList<string> from, string into, DateOnly effectiveFrom, string basis)
    {
        if (Check(plan, effectiveFrom, basis) is { } refused)
            return new PlanDecision.Refused(refused);
        if (!plan.Departments.TryGetValue(into, out var target) || !target.ExistsOn(effectiveFrom))
            return PlanDecision.Refuse(RefusalKind.Invalid, "into", $"'{into}' is not a department of this plan on {effectiveFrom:yyyy-MM-dd}",
                $"{effectiveFrom:yyyy-MM-dd} 本计划没有单位「{into}」");
        if (from.Count == 0 || from.Contains(into) || from.Any(f => !plan.Departments.ContainsKey(f)))
            return PlanDecision.Refuse(RefusalKind.Invalid, "department", "name a department of this plan other than the one the items move to",
                "请写明本计划中移出事项的单位（不能是接收单位）");
        return new PlanDecision.ItemsOnly();
    }

    /// <summary>
    /// The plan year ends (决算). The plan records it once; every item then records its own closing, so a close
    /// sent again after some items failed closes the rest (ItemsOnly).
    /// </summary>
    public static PlanDecision Close(PlanState plan, string? reason, ActedBy actor) =>
        plan.Adopted is null ? PlanDecision.Refuse(RefusalKind.NotFound, "planId", "no such plan", "没有这个计划")
        : string.IsNullOrWhiteSpace(reason) ? PlanDecision.Refuse(RefusalKind.Invalid, "reason", "a reason is required to close a plan", "关闭计划须说明原因")
        : plan.Closed ? new PlanDecision.ItemsOnly()
        : new PlanDecision.Accepted(new PlanClosed(reason.Trim(), actor));

    private static bool IsCode(string code) =>
        code.Length is >= 1 and <= 32 && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
