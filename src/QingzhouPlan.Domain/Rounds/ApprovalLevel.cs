namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// One level a department's round passes after the reporter submits it (科室填报 is the submission itself):
/// 部门审核 by the department's own approver, then 综合审核 by the city's reviewers. Approved at the last
/// level, a figure is final (定稿). <see cref="OwnDepartment"/> says whether the level acts only for the
/// department that owns the figure. <see cref="DueDaysAfterDeadline"/> is when the level should have acted, counted from
/// the reporting deadline (部门审核 3 days after it, 综合审核 7); past it a waiting figure is pursued like a missing report.
/// Null: the level is not pursued.
/// </summary>
[GenerateSerializer, Immutable, Alias("ApprovalLevel")]
public sealed record ApprovalLevel(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] bool OwnDepartment,
    [property: Id(4)] int? DueDaysAfterDeadline = null);
