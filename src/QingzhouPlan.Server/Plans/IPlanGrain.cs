using Orleans.Concurrency;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// A whole plan, keyed by plan id. It keeps every item's standing, updated by the items after each
/// commit, so a summary — of the plan, a chapter or a department — reads this one grain; and it numbers
/// the changes into a feed that pages watch. It also writes the plan's own stream (departments, closing).
/// </summary>
[Alias("IPlanGrain")]
public interface IPlanGrain : IGrainWithStringKey
{
    /// <summary>
    /// An item's commit. Interleaves: a reorganisation in progress here awaits the very items that report
    /// back, and the update itself has no await, so it runs whole between the other call's steps.
    /// </summary>
    [Alias("ItemChanged"), AlwaysInterleave]
    Task ItemChanged(ItemChanged change);

    /// <summary>Counts by chapter and department, for the current standing or for one period; null when no such plan.</summary>
    [Alias("GetSummary"), ReadOnly]
    Task<PlanSummary?> GetSummary(Period? period);

    /// <summary>A department's items and counts: those it owns now, or owned for the period given.</summary>
    [Alias("GetDepartmentSummary"), ReadOnly]
    Task<DepartmentSummary?> GetDepartmentSummary(string department, Period? period);

    /// <summary>Keys of every indicator a department has ever owned, those that cannot be judged too (its deadlines).</summary>
    [Alias("IndicatorKeysOf"), ReadOnly]
    Task<IReadOnlyList<string>> IndicatorKeysOf(string department);

    /// <summary>The indicators a department has ever owned, judged now.</summary>
    [Alias("IndicatorsOf"), ReadOnly]
    Task<IReadOnlyList<Items.IndicatorStatus>> IndicatorsOf(string department);

    /// <summary>Every indicator's standing, judged now (the plan's calendar, the page's overview).</summary>
    [Alias("Indicators"), ReadOnly]
    Task<IReadOnlyList<Items.IndicatorStatus>> Indicators();

    /// <summary>The departments of the plan on a day (default: the business clock's today).</summary>
    [Alias("Departments"), ReadOnly]
    Task<IReadOnlyList<string>> Departments(DateOnly? day);

    /// <summary>
    /// The changes numbered after <paramref name="sequence"/> that are still held (the most recent ones), with
    /// the feed's epoch: numbering restarts when the plan's grain does, and a page that saw another epoch reloads.
    /// </summary>
    [Alias("ChangesSince"), ReadOnly]
    Task<FeedPage> ChangesSince(long sequence);

    [Alias("Subscribe")]
    Task Subscribe(IPlanObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IPlanObserver observer);

    [Alias("Reorganise")]
    Task<Refusal?> Reorganise(ReorganisePlan command, ActedBy actor);

    [Alias("Close")]
    Task<Refusal?> Close(string reason, ActedBy actor);

    /// <summary>The approval levels, rules and window in force now; none for a plan that never set them. Asked by items before each decision.</summary>
    [Alias("RoundPolicy"), AlwaysInterleave]
    Task<Domain.Rounds.RoundPolicy> RoundPolicy();

    [Alias("SetApprovalLevels")]
    Task<Refusal?> SetApprovalLevels(IReadOnlyList<Domain.Rounds.ApprovalLevel> levels, string reason, ActedBy actor);

    [Alias("SetQualityRules")]
    Task<Refusal?> SetQualityRules(IReadOnlyList<Domain.Rounds.QualityRule> rules, string reason, ActedBy actor);

    [Alias("SetReportingWindow")]
    Task<Refusal?> SetReportingWindow(Domain.Rounds.ReportingWindow window, string reason, ActedBy actor);
}

[GenerateSerializer, Immutable, Alias("FeedPage")]
public sealed record FeedPage([property: Id(0)] long Epoch, [property: Id(1)] IReadOnlyList<PlanChange> Changes);

/// <summary>A department added, renamed, merged into another, or all of one department's items moved to another.</summary>
[GenerateSerializer, Immutable, Alias("ReorganisePlan")]
public sealed record ReorganisePlan(
    [property: Id(0)] ReorganisationKind Kind,
    [property: Id(1)] string Department,
    [property: Id(2)] string? Name,
    [property: Id(3)] IReadOnlyList<string> Merged,
    [property: Id(4)] DateOnly EffectiveFrom,
    [property: Id(5)] string Basis,
    [property: Id(6)] string? Reason);

public enum ReorganisationKind
{
    Add,
    Rename,
    Merge,
    MoveItems,
}
