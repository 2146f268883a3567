using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;

namespace QingzhouPlan.Domain.Reports.Documents;

/// <summary>
/// Everything a report document is made of, as it stood at one instant: the plan as adopted, its departments' names
/// then, and every event of the plan known then (or pinned by an edition). The document's figures come from the
/// same as-of report the API answers (<see cref="AsOfReport"/>), never from a second set of rules.
/// </summary>
public sealed record DocumentSources(
    PlanAdopted Plan,
    IReadOnlyDictionary<string, string> DepartmentNames,
    Period Period,
    DateTimeOffset AsOf,
    IReadOnlyList<RecordedEvent> Known,
    EditionMark? Edition,
    PreviousEdition? Previous,
    IReadOnlyDictionary<(string Code, string Period), long>? Leaves = null);

/// <summary>The edition of the same period published before, and the events it pinned: what 变动情况 compares with.</summary>
public sealed record PreviousEdition(EditionMark Mark, IReadOnlyList<RecordedEvent> Known);

/// <summary>
/// An edition as a document names it: its number and title, when it was published, and the proof it carries (the
/// signed checkpoint of the transparency log that holds its publication), already in words. <see cref="DocumentSources.Leaves"/>
/// then gives each standing figure's leaf in that log.
/// </summary>
public sealed record EditionMark(int Number, string Title, DateTimeOffset PublishedAt, string? Proof);
