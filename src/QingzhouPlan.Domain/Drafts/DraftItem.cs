using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Drafts;

/// <summary>What an item of a draft becomes on adoption: a target of the plan's year, a result of the year before, or a task.</summary>
public enum DraftItemKind
{
    Target,
    Result,
    Task,
}

/// <summary>Where a reviewer has left an item: still a proposal, accepted into the plan, dropped, or replaced by a split or merge.</summary>
public enum DraftItemStatus
{
    Proposed,
    Accepted,
    Dropped,
    Replaced,
}

/// <summary>
/// What a reviewer settles about an item, in the seed's terms: its code, the name as worded, chapter, measure, how it is
/// reported (value kind, frequency, unit), the figure and comparator with its tolerance (targets), the period (results),
/// the owning department and whether the document names it, the result it builds on (<see cref="Baseline"/>) and the
/// previous plan's item it continues (<see cref="Continues"/>). A task's <see cref="Name"/> is its text.
/// </summary>
public sealed record DraftItemFields(
    string Code,
    string Name,
    string Chapter,
    MeasureKind Measure,
    ValueKind ValueKind,
    Frequency Frequency,
    string Unit,
    decimal? Value,
    Comparator? Comparator,
    decimal Tolerance,
    string? Period,
    string Owner,
    bool OwnerAssigned,
    string? Baseline,
    string? Continues);

/// <summary>
/// One item of a draft: its kind and status, the span of the document it comes from (<see cref="Start"/> and
/// <see cref="Length"/>, character offsets), the fields a reviewer settles, and the extractor's confidence (1 for what a
/// reviewer added).
/// </summary>
public sealed record DraftItem(string Id, DraftItemKind Kind, DraftItemStatus Status, int Start, int Length, DraftItemFields Fields, double Confidence);
