using QingzhouPlan.Domain.Items;

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
    ActedBy Actor,
    int PlanYear = 0) : IItemEvent;

/// <summary>
/// Progress on a task: the status after it, the narrative a department writes (进展情况), and links to
/// evidence (documents, photos, approvals). <see cref="ProgressId"/> is the client's key that makes a retry safe.
/// </summary>
public sealed record TaskProgressReported(
    TaskStatus Status,
    TaskStatus PreviousStatus,
    string Narrative,
    IReadOnlyList<string> Evidence,
    ActedBy Actor,
    string? ProgressId = null) : IItemEvent;
