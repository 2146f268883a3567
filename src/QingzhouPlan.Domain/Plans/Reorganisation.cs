namespace QingzhouPlan.Domain.Plans;

/// <summary>Commands on a plan's departments and its closing, decided against the plan's state.</summary>
public static class Reorganisation
{
    /// <summary>What every reorganisation needs: an open plan, a date in its year, a basis.</summary>
    private static Refusal? Check(PlanState plan, DateOnly effectiveFrom, string basis) =>
        plan.Adopted is null ? new Refusal(RefusalKind.NotFound, "planId", "no such plan")
            : plan.Closed ? new Refusal(RefusalKind.Conflict, "planId", "the plan is closed")
            : effectiveFrom.Year != plan.Adopted.Year ? new Refusal(RefusalKind.Invalid, "effectiveFrom", $"must fall within the plan year {plan.Adopted.Year}")
            : string.IsNullOrWhiteSpace(basis) ? new Refusal(RefusalKind.Invalid, "basis", "the basis is required: the document that decides it (文件号)")
            : basis.Length > TextLimit.Characters ? new Refusal(RefusalKind.Invalid, "basis", TextLimit.TooLong)
            : null;

    public static PlanDecision Add(PlanState plan, string code, string name, DateOnly effectiveFrom, string basis, ActedBy actor)
    {
        if (Check(plan, effectiveFrom, basis) is { } refused)
            return new PlanDecision.Refused(refused);
        if (!IsCode(code))
            return PlanDecision.Refuse(RefusalKind.Invalid, "code", "a department code of 1–32 lower-case letters, digits or '-'");
        if (plan.Departments.ContainsKey(code))
            return PlanDecision.Refuse(RefusalKind.Conflict, "code", $"department '{code}' already exists");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            return PlanDecision.Refuse(RefusalKind.Invalid, "name", "a name of 1–100 characters is required");
        return new PlanDecision.Accepted(new DepartmentAdded(code, name.Trim(), effectiveFrom, basis.Trim(), actor));
    }

    public static PlanDecision Rename(PlanState plan, string code, string name, DateOnly effectiveFrom, string basis, ActedBy actor)
    {
        if (Check(plan, effectiveFrom, basis) is { } refused)
            return new PlanDecision.Refused(refused);
        if (!plan.Departments.TryGetValue(code, out var department))
            return PlanDecision.Refuse(RefusalKind.NotFound, "code", $"no department '{code}' in this plan");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            return PlanDecision.Refuse(RefusalKind.Invalid, "name", "a name of 1–100 characters is required");
        var previous = department.NameOn(effectiveFrom);
        return previous == name.Trim()
            ? PlanDecision.Refuse(RefusalKind.Conflict, "name", $"the department is already called {previous} on that date")
            : new PlanDecision.Accepted(new DepartmentRenamed(code, name.Trim(), previous, effectiveFrom, basis.Trim(), actor));
    }

    public static PlanDecision Merge(PlanState plan, IReadOnlyList<string> merged, string into, DateOnly effectiveFrom, string basis, ActedBy actor)
    {
        if (Check(plan, effectiveFrom, basis) is { } refused)
            return new PlanDecision.Refused(refused);
        if (!plan.Departments.TryGetValue(into, out var target) || !target.ExistsOn(effectiveFrom))
            return PlanDecision.Refuse(RefusalKind.Invalid, "into", $"'{into}' is not a department of this plan on {effectiveFrom:yyyy-MM-dd}");
        if (merged.Count == 0 || merged.Contains(into))
            return PlanDecision.Refuse(RefusalKind.Invalid, "merged", "name the departments merged into another, not the one they join");
        if (merged.FirstOrDefault(m => !plan.Departments.TryGetValue(m, out var d) || !d.ExistsOn(effectiveFrom)) is { } missing)
            return PlanDecision.Refuse(RefusalKind.Invalid, "merged", $"'{missing}' is not a department of this plan on {effectiveFrom:yyyy-MM-dd}");
        return new PlanDecision.Accepted(new DepartmentsMerged(merged.Distinct().ToList(), into, effectiveFrom, basis.Trim(), actor));
    }

    /// <summary>Every item of some departments moves to another from a date: the items record it, the plan's stream needs nothing.</summary>
    public static PlanDecision MoveItems(PlanState plan, IReadOnlyList<string> from, string into, DateOnly effectiveFrom, string basis)
    {
        if (Check(plan, effectiveFrom, basis) is { } refused)
            return new PlanDecision.Refused(refused);
        if (!plan.Departments.TryGetValue(into, out var target) || !target.ExistsOn(effectiveFrom))
            return PlanDecision.Refuse(RefusalKind.Invalid, "into", $"'{into}' is not a department of this plan on {effectiveFrom:yyyy-MM-dd}");
        if (from.Count == 0 || from.Contains(into) || from.Any(f => !plan.Departments.ContainsKey(f)))
            return PlanDecision.Refuse(RefusalKind.Invalid, "department", "name a department of this plan other than the one the items move to");
        return new PlanDecision.ItemsOnly();
    }

    /// <summary>
    /// The plan year ends (决算). The plan records it once; every item then records its own closing, so a close
    /// sent again after some items failed closes the rest (ItemsOnly).
    /// </summary>
    public static PlanDecision Close(PlanState plan, string? reason, ActedBy actor) =>
        plan.Adopted is null ? PlanDecision.Refuse(RefusalKind.NotFound, "planId", "no such plan")
        : string.IsNullOrWhiteSpace(reason) ? PlanDecision.Refuse(RefusalKind.Invalid, "reason", "a reason is required to close a plan")
        : plan.Closed ? new PlanDecision.ItemsOnly()
        : new PlanDecision.Accepted(new PlanClosed(reason.Trim(), actor));

    private static bool IsCode(string code) =>
        code.Length is >= 1 and <= 32 && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
