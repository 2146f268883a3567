using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Rounds;

namespace QingzhouPlan.Domain.Drafts;

/// <summary>
/// The plan a draft will become, as the reviewer describes it: its id and year, region and title, when and by whom it
/// was adopted, the plan whose results the document reports (<see cref="PreviousPlanId"/>), its departments and
/// chapters, and the monthly round it is reported in (none: entry always open, no approval, no rules).
/// </summary>
public sealed record DraftPlan(
    string Id,
    int Year,
    string Region,
    string Title,
    DateOnly AdoptedOn,
    string AdoptedBy,
    string PreviousPlanId,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<Chapter> Chapters,
    DraftRound? Round);

/// <summary>A draft's round: approval levels, data-quality rules and the reporting window, as a seed declares them.</summary>
public sealed record DraftRound(IReadOnlyList<ApprovalLevel> Levels, IReadOnlyList<QualityRule> Rules, ReportingWindow? Window);
