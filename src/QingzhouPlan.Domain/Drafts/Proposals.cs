using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Drafts;

/// <summary>What a quantity in a plan document is: a target for the plan's year, or a result of the year before.</summary>
public enum QuantityKind
{
    Target,
    Result,
}

/// <summary>
/// A quantity the extractor found in a plan document: the indicator as the document words it, its value, unit and
/// comparator (none for a result), the kind of measure the wording suggests, the chapter it sits in, and the exact clause
/// it came from (<see cref="Start"/> and <see cref="Length"/> are character offsets into the document), with a confidence
/// between 0 and 1 that a reviewer may sort by.
/// </summary>
public sealed record QuantityProposal(
    QuantityKind Kind,
    string Name,
    decimal Value,
    string Unit,
    Comparator? Comparator,
    MeasureKind Measure,
    string Chapter,
    string Clause,
    int Start,
    int Length,
    double Confidence);

/// <summary>
/// A qualitative task the extractor found: a clause of the year's chapters that says what will be done (建设…, 推进…,
/// 争创…) and counts nothing, with its chapter, offsets and confidence.
/// </summary>
public sealed record TaskProposal(string Text, string Chapter, int Start, int Length, double Confidence);

/// <summary>A chapter as the document numbers it (一、（一）), with its title and where it starts.</summary>
public sealed record ChapterProposal(string Code, string Title, int Start);

/// <summary>The document's header where its text says it: who issued it, the plan's year and title, when and under which number.</summary>
public sealed record HeaderProposal(string? Issuer, int? Year, string? Title, DateOnly? AdoptedOn, string? DocumentNumber);

/// <summary>Everything proposed from one document, for a reviewer to accept, edit or drop.</summary>
public sealed record DraftProposal(
    HeaderProposal Header, IReadOnlyList<ChapterProposal> Chapters, IReadOnlyList<QuantityProposal> Quantities, IReadOnlyList<TaskProposal> Tasks);
