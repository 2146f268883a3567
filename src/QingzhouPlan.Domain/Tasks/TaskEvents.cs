namespace QingzhouPlan.Domain.Tasks;

/// <summary>A qualitative task of the plan (积极创建国家级旅游度假区), with nothing to count.</summary>
public sealed record TaskDefined(
    string PlanId,
    string Code,
    string Text,
    string Chapter,
    string OwnerDepartment,
    bool OwnerAssignedBySystem,
    string Source,
    ActedBy Actor);
