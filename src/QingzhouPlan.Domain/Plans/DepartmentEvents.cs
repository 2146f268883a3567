namespace QingzhouPlan.Domain.Plans;

// Departments change with 机构改革: added, renamed, merged — each dated and with its basis (文件号), on
// the plan's own stream. Items move between departments by their own OwnerReassigned events.

public sealed record DepartmentAdded(string Code, string Name, DateOnly EffectiveFrom, string Basis, ActedBy Actor);

public sealed record DepartmentRenamed(string Code, string Name, string PreviousName, DateOnly EffectiveFrom, string Basis, ActedBy Actor);

/// <summary>Departments merged into one from a date; their items are reassigned to it from that date.</summary>
public sealed record DepartmentsMerged(IReadOnlyList<string> Merged, string Into, DateOnly EffectiveFrom, string Basis, ActedBy Actor);

/// <summary>The plan year closed (决算): its figures are final; only reviewers' corrections with a reason follow.</summary>
public sealed record PlanClosed(string Reason, ActedBy Actor);
