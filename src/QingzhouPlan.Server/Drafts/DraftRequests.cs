using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Server.Drafts;

// Bodies of the review routes. Every step may name the draft version it was decided on (expectedVersion): a draft
// another reviewer changed meanwhile answers 409 instead of taking a step meant for what it was.

/// <summary>The fields to change; those left out keep their value (for a new item: the defaults of its kind).</summary>
public sealed record DraftFieldsRequest(
    string? Code = null, string? Name = null, string? Chapter = null, MeasureKind? Measure = null, ValueKind? ValueKind = null,
    Frequency? Frequency = null, string? Unit = null, decimal? Value = null, Comparator? Comparator = null, decimal? Tolerance = null,
    string? Period = null, string? Owner = null, bool? OwnerAssigned = null, string? Baseline = null, string? Continues = null)
{
    public DraftItemFields Over(DraftItemFields current) => new(
        Code ?? current.Code, Name ?? current.Name, Chapter ?? current.Chapter, Measure ?? current.Measure, ValueKind ?? current.ValueKind,
        Frequency ?? current.Frequency, Unit ?? current.Unit, Value ?? current.Value, Comparator ?? current.Comparator,
        Tolerance ?? current.Tolerance, Period ?? current.Period, Owner ?? current.Owner, OwnerAssigned ?? current.OwnerAssigned,
        Clearable(Baseline, current.Baseline), Clearable(Continues, current.Continues));

    // An empty string clears a link; null leaves it as it was.
    private static string? Clearable(string? given, string? current) => given is null ? current : given.Length == 0 ? null : given;
}

public sealed record DraftItemsRequest(IReadOnlyList<string>? Items, string? Reason = null, long? ExpectedVersion = null);

public sealed record DraftEditRequest(int? Start = null, int? Length = null, DraftFieldsRequest? Fields = null, long? ExpectedVersion = null);

public sealed record DraftAddRequest(DraftItemKind? Kind, int? Start, int? Length, DraftFieldsRequest? Fields = null, long? ExpectedVersion = null);

public sealed record DraftPartRequest(int? Start, int? Length, DraftFieldsRequest? Fields = null);

public sealed record DraftSplitRequest(IReadOnlyList<DraftPartRequest>? Parts, long? ExpectedVersion = null);

public sealed record DraftMergeRequest(IReadOnlyList<string>? Items, DraftFieldsRequest? Fields = null, long? ExpectedVersion = null);

/// <summary>
/// The plan the draft becomes. Chapters left out are the document's own (一、（一）…); with <see cref="CopyFromPrevious"/>,
/// departments and round left out are the previous plan's (departments as they stand on the new year's first day).
/// </summary>
public sealed record DraftPlanRequest(
    string? Id, int? Year, string? Region, string? Title, DateOnly? AdoptedOn, string? AdoptedBy, string? PreviousPlanId,
    IReadOnlyList<Department>? Departments = null, IReadOnlyList<Chapter>? Chapters = null, DraftRoundRequest? Round = null,
    bool CopyFromPrevious = false, long? ExpectedVersion = null);

public sealed record DraftRoundRequest(IReadOnlyList<ApprovalLevel>? Levels, IReadOnlyList<QualityRule>? Rules, ReportingWindow? Window);

public sealed record DraftAdoptRequest(long? ExpectedVersion = null);
