namespace QingzhouPlan.Domain.Plans;

// Departments change with 机构改革: added, renamed, merged — each dated and with its basis (文件号), on
// the plan's own stream. Items move between departments by their own OwnerReassigned events.

/// <summary>An event of a plan's own stream.</summary>
public interface IPlanEvent
{
    ActedBy Actor { get; }
}

public sealed record DepartmentAdded(string Code, string Name, DateOnly EffectiveFrom, string Basis, ActedBy Actor) : IPlanEvent;

public sealed record DepartmentRenamed(string Code, string Name, string PreviousName, DateOnly EffectiveFrom, string Basis, ActedBy Actor) : IPlanEvent;

/// <summary>Departments merged into one from a date; their items are reassigned to it from that date.</summary>
public sealed record DepartmentsMerged(IReadOnlyList<string> Merged, string Into, DateOnly EffectiveFrom, string Basis, ActedBy Actor) : IPlanEvent;

/// <summary>The plan year closed (决算): its figures are final; only reviewers' corrections with a reason follow.</summary>
public sealed record PlanClosed(string Reason, ActedBy Actor) : IPlanEvent;

/// <summary>What a plan command decides: an event for the plan's stream, nothing for it (the items record it), or a refusal.</summary>
public abstract record PlanDecision
{
    private PlanDecision() { }

    public sealed record Accepted(IPlanEvent Event) : PlanDecision;

    public sealed record ItemsOnly : PlanDecision;

    public sealed record Refused(Refusal Refusal) : PlanDecision;

    public static PlanDecision Refuse(RefusalKind kind, string field, string message, string clerk) => new Refused(new Refusal(kind, field, message, clerk));
}
