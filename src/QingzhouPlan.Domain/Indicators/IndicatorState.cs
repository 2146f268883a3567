using System.Collections.Immutable;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>
/// An indicator as its events leave it: the only fold of an indicator's stream. Every reader — commands,
/// status, calendars, as-of reports, editions, summaries, InfluxDB points, exports — starts from this
/// state and asks it the dated questions: <see cref="TargetFor(Period, DateTimeOffset?)"/> and
/// <see cref="OwnerFor(Period, DateTimeOffset?)"/>.
/// </summary>
public sealed record IndicatorState(
    IndicatorDefined? Definition,
    DatedHistory<TargetEntry> Targets,
    DatedHistory<OwnerEntry> Owners,
    ImmutableSortedDictionary<Period, Figure> Figures,
    ImmutableDictionary<string, ValueReported> ReportsById,
    ImmutableList<Escalation> Escalations,
    bool Closed,
    long Version)
{
    public static readonly IndicatorState Empty = new(
        null,
        DatedHistory<TargetEntry>.None,
        DatedHistory<OwnerEntry>.None,
        ImmutableSortedDictionary<Period, Figure>.Empty,
        ImmutableDictionary.Create<string, ValueReported>(StringComparer.Ordinal),
        ImmutableList<Escalation>.Empty,
        false,
        0);

    /// <summary>Where each figure stands in its round (none until submitted). Kept outside the constructor so stored states from before rounds read as none.</summary>
    public ImmutableSortedDictionary<Period, Rounds.FigureApproval> Approvals { get; init; } = ImmutableSortedDictionary<Period, Rounds.FigureApproval>.Empty;

    /// <summary>The 上报说明 each figure stands with, if it needed one.</summary>
    public ImmutableSortedDictionary<Period, Rounds.FigureExplained> Explanations { get; init; } = ImmutableSortedDictionary<Period, Rounds.FigureExplained>.Empty;

    /// <summary>Entry reopened after a window closed: the latest exception per period.</summary>
    public ImmutableSortedDictionary<Period, Rounds.WindowExceptionOpened> WindowExceptions { get; init; } =
        ImmutableSortedDictionary<Period, Rounds.WindowExceptionOpened>.Empty;

    /// <summary>
    /// The previous plan's figures for an indicator that continues one, supplied by whoever reads both items before a
    /// decision (the year-on-year rule reads them). Never stored: it belongs to the other item's stream.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LastYear? LastYear { get; init; }

    /// <summary>Whether a reviewer's exception keeps entry open for a period at an instant.</summary>
    public bool ExceptionOpen(Period period, DateTimeOffset now) => WindowExceptions.TryGetValue(period, out var e) && now < e.Until;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDefined => Definition is not null;

    /// <summary>
    /// The target that governs a period: the one in force on the period's last day (see
    /// <see cref="DatedHistory{T}.On"/>), as known at <paramref name="knownAt"/> (default: everything folded).
    /// An adjustment effective 2024-07-01 governs 2024-Q3 onwards, never 2024-Q2; one effective 2024-06-30 governs 2024-Q2.
    /// </summary>
    public TargetEntry? TargetFor(Period period, DateTimeOffset? knownAt = null) => Targets.On(period.LastDay, knownAt);

    /// <summary>The target in force on a day, as known at an instant.</summary>
    public TargetEntry? TargetOn(DateOnly day, DateTimeOffset? knownAt = null) => Targets.On(day, knownAt);

    /// <summary>The department that owned the item for a period: the owner on the period's last day.</summary>
    public string? OwnerFor(Period period, DateTimeOffset? knownAt = null) => Owners.OwnerFor(period, knownAt);

    /// <summary>The department that owned the item on a day, as known at an instant.</summary>
    public string? OwnerOn(DateOnly day, DateTimeOffset? knownAt = null) => Owners.On(day, knownAt)?.Department;

    /// <summary>The figure standing for a period weighed against the target that governs it, and 序时进度.</summary>
    public Assessment? Assess(Period period) =>
        Definition is { } d && TargetFor(period) is { } target
            ? ProgressRules.Assess(d, target.Target, period, Figures.TryGetValue(period, out var f) ? f.Value : null)
            : null;

    /// <summary>
    /// Applies one event, the next in the stream. <paramref name="recordedAt"/> is the event's own recorded
    /// time from the store, never the clock now, so replaying the stream gives the same state.
    /// </summary>
    public IndicatorState Apply(object @event, DateTimeOffset recordedAt)
    {
        var version = Version + 1;
        var next = this with { Version = version };
        return @event switch
        {
            IndicatorDefined defined => next with
            {
                Definition = defined,
                Owners = Owners.With(new OwnerEntry(defined.OwnerDepartment, PlanStart(defined), recordedAt, version, defined.Source)),
            },
            // The adopted target applies from the plan's start, whatever day the plan was adopted on.
            TargetSet set => next with
            {
                Targets = Targets.With(new TargetEntry(set.Target, Definition is { } d ? PlanStart(d) : set.EffectiveFrom, recordedAt, version, set.Source, null)),
            },
            TargetAdjusted adjusted => next with
            {
                Targets = Targets.With(new TargetEntry(adjusted.Target, adjusted.EffectiveFrom, recordedAt, version, adjusted.Reason, adjusted.LegalBasis)),
            },
            OwnerReassigned moved => next with
            {
                Owners = Owners.With(new OwnerEntry(moved.Department, moved.EffectiveFrom, recordedAt, version, moved.Basis)),
            },
            ValueReported reported => next with
            {
                Figures = Figures.SetItem(reported.Period, new Figure(reported.Value, reported.ReportId, FirstReported(reported.Period, recordedAt), recordedAt, false)),
                ReportsById = ReportsById.SetItem(reported.ReportId, reported),
                Escalations = CloseEscalations(reported.Period, recordedAt),
                Explanations = Explanations.Remove(reported.Period),
            },
            ValueCorrected corrected when Figures.TryGetValue(corrected.Period, out var figure) => next with
            {
                Figures = Figures.SetItem(corrected.Period, figure with { Value = corrected.Value, ChangedAt = recordedAt, Verified = false }),
                Explanations = Explanations.Remove(corrected.Period),
            },
            ValueRetracted retracted => next with
            {
                Escalations = CloseLevelEscalations(retracted.Period, recordedAt),
                Figures = Figures.Remove(retracted.Period),
                Explanations = Explanations.Remove(retracted.Period),
                Approvals = Approvals.Remove(retracted.Period),
            },
            Rounds.FigureSubmitted submitted => next with
            {
                Escalations = CloseLevelEscalations(submitted.Period, recordedAt),
                Approvals = Approvals.SetItem(submitted.Period, new Rounds.FigureApproval(Rounds.ApprovalStage.Submitted, 0, null, submitted.Actor.User, recordedAt)),
            },
            Rounds.FigureApproved approved => next with
            {
                Escalations = CloseLevelEscalations(approved.Period, recordedAt),
                Approvals = Approvals.SetItem(approved.Period, new Rounds.FigureApproval(Rounds.ApprovalStage.Approved,
                    (Approvals.TryGetValue(approved.Period, out var a) && a.Stage == Rounds.ApprovalStage.Approved ? a.Levels : 0) + 1,
                    approved.Note, approved.Actor.User, recordedAt)),
            },
            Rounds.FigureSentBack sent => next with
            {
                Escalations = CloseLevelEscalations(sent.Period, recordedAt),
                Approvals = Approvals.SetItem(sent.Period, new Rounds.FigureApproval(Rounds.ApprovalStage.SentBack, 0, sent.Message, sent.Actor.User, recordedAt)),
            },
            Rounds.FigureUnapproved undone when Approvals.TryGetValue(undone.Period, out var approval) => next with
            {
                Escalations = CloseLevelEscalations(undone.Period, recordedAt),
                Approvals = Approvals.SetItem(undone.Period, approval.Levels <= 1
                    ? new Rounds.FigureApproval(Rounds.ApprovalStage.Submitted, 0, undone.Reason, undone.Actor.User, recordedAt)
                    : new Rounds.FigureApproval(Rounds.ApprovalStage.Approved, approval.Levels - 1, undone.Reason, undone.Actor.User, recordedAt)),
            },
            Rounds.FigureExplained explained => next with { Explanations = Explanations.SetItem(explained.Period, explained) },
            Rounds.WindowExceptionOpened opened => next with { WindowExceptions = WindowExceptions.SetItem(opened.Period, opened) },
            ValueVerified verified when Figures.TryGetValue(verified.Period, out var figure) => next with
            {
                Figures = Figures.SetItem(verified.Period, figure with { Verified = true }),
            },
            EscalationRaised raised => next with
            {
                Escalations = Escalations.Add(new Escalation(raised.Period, raised.Stage, raised.Department, recordedAt, null, raised.Level)),
            },
            ItemClosed => next with { Closed = true },
            _ => next,
        };
    }

    public static IndicatorState From(IEnumerable<(object Data, DateTimeOffset RecordedAt)> events) =>
        events.Aggregate(Empty, (state, e) => state.Apply(e.Data, e.RecordedAt));

    /// <summary>The open escalation of the highest stage for a period's missing report, if any.</summary>
    public Escalation? OpenEscalation(Period period) =>
        Escalations.Where(e => e.Period == period && e.Level is null && e.ClosedAt is null).MaxBy(e => e.Stage);

    /// <summary>The open escalation of the highest stage for a period's figure waiting at an approval level, if any.</summary>
    public Escalation? OpenEscalation(Period period, string level) =>
        Escalations.Where(e => e.Period == period && e.Level == level && e.ClosedAt is null).MaxBy(e => e.Stage);

    private static DateOnly PlanStart(IndicatorDefined d) => new(d.PlanYear, 1, 1);

    private ImmutableList<Escalation> CloseEscalations(Period period, DateTimeOffset at) =>
        Escalations.Select(e => e.Period == period && e.ClosedAt is null ? e with { ClosedAt = at } : e).ToImmutableList();

    // A step of the round moves the figure on (or back): the wait at a level that was pursued has ended.
    private ImmutableList<Escalation> CloseLevelEscalations(Period period, DateTimeOffset at) =>
        Escalations.Select(e => e.Period == period && e.Level is not null && e.ClosedAt is null ? e with { ClosedAt = at } : e).ToImmutableList();

    // A period retracted and reported again keeps no memory of the first arrival: the calendar judges the figure that stands.
    private DateTimeOffset FirstReported(Period period, DateTimeOffset recordedAt) =>
        Figures.TryGetValue(period, out var existing) ? existing.FirstReportedAt : recordedAt;
}

/// <summary>The figure standing for a period: value, the report that set it, when it arrived and last changed.</summary>
public sealed record Figure(decimal Value, string ReportId, DateTimeOffset FirstReportedAt, DateTimeOffset ChangedAt, bool Verified);
