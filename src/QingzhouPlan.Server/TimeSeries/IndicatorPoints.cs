using JasperFx.Events;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Maps one event, with its indicator's state before and after it, to the series changes it causes.
/// Every point is a function of the event store alone, so replaying any range writes identical points,
/// and every figure is judged by the state's own rules (the target governing its period, its owner then),
/// so a point always agrees with the status and the as-of report.
/// <list type="bullet">
/// <item>indicator_actual — the figure standing per period, at the instant the period ends (latest known).</item>
/// <item>indicator_target — the target in force, at the date it took effect.</item>
/// <item>indicator_revision — one point per change, at the time it was recorded (dashboard annotations).</item>
/// <item>indicator_approval — one point per step of the monthly round (submitted, approved, sent back, approval
/// withdrawn), at the time it was recorded; the actual's own point carries where its figure stands in the approvals.</item>
/// </list>
/// The owning department is a field, not a tag: a reorganisation moves an item's later periods to another
/// department without splitting the item into two series, and each point names the department answerable
/// for its own period.
/// </summary>
public static class IndicatorPoints
{
    public const string Actual = "indicator_actual";
    public const string TargetMeasurement = "indicator_target";
    public const string Revision = "indicator_revision";
    public const string Approval = "indicator_approval";

    public static IReadOnlyList<SeriesChange> For(IndicatorState before, IndicatorState after, IEvent @event)
    {
        if (after.Definition is not { } indicator)
            return [];
        return @event.Data switch
        {
            TargetSet set => [Target(indicator, set.Target, after.Targets.Latest!.EffectiveFrom)],
            // Figures whose governing target changed are judged again; the others stand as they were.
            TargetAdjusted adjusted =>
            [
                Target(indicator, adjusted.Target, adjusted.EffectiveFrom),
                .. Rejudged(before, after, indicator, @event.Version, p => before.TargetFor(p) != after.TargetFor(p)),
            ],
            OwnerReassigned => [.. Rejudged(before, after, indicator, @event.Version, p => before.OwnerFor(p) != after.OwnerFor(p))],
            ValueReported reported =>
            [
                ActualPoint(indicator, after, reported.Period, @event.Version),
                RevisionPoint(indicator, after, @event, reported.Period, "reported", reported.Value, null),
            ],
            ValueCorrected corrected =>
            [
                ActualPoint(indicator, after, corrected.Period, @event.Version),
                RevisionPoint(indicator, after, @event, corrected.Period, "corrected", corrected.Value, corrected.PreviousValue),
            ],
            ValueRetracted retracted =>
            [
                new SeriesChange.Delete(Actual, ActualTags(indicator, retracted.Period), retracted.Period.EndsAt),
                RevisionPoint(indicator, after, @event, retracted.Period, "retracted", null, retracted.PreviousValue),
            ],
            ValueVerified verified => after.Figures.ContainsKey(verified.Period)
                ? [ActualPoint(indicator, after, verified.Period, @event.Version)]
                : [],
            FigureSubmitted submitted => Step(indicator, after, @event, submitted.Period, "submitted", null),
            FigureApproved approved => Step(indicator, after, @event, approved.Period, "approved", approved.Level),
            FigureSentBack sentBack => Step(indicator, after, @event, sentBack.Period, "sent_back", sentBack.Level),
            FigureUnapproved unapproved => Step(indicator, after, @event, unapproved.Period, "unapproved", unapproved.Level),
            FigureExplained explained => after.Figures.ContainsKey(explained.Period)
                ? [ActualPoint(indicator, after, explained.Period, @event.Version)]
                : [],
            _ => [],
        };
    }

    /// <summary>The tags that identify one period's actual series (plan, indicator, chapter, unit, period kind).</summary>
    public static IReadOnlyDictionary<string, string> ActualTags(IndicatorDefined indicator, Period period) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["plan"] = indicator.PlanId,
            ["indicator"] = indicator.Code,
            ["chapter"] = indicator.Chapter,
            ["unit"] = indicator.Unit,
            ["period_kind"] = period.Kind.ToString().ToLowerInvariant(),
        };

    private static IEnumerable<SeriesChange> Rejudged(
        IndicatorState before, IndicatorState after, IndicatorDefined indicator, long version, Func<Period, bool> changed) =>
        after.Figures.Keys.Where(changed).Select(p => ActualPoint(indicator, after, p, version));

    private static SeriesChange ActualPoint(IndicatorDefined indicator, IndicatorState state, Period period, long revision)
    {
        var figure = state.Figures[period];
        var tags = ActualTags(indicator, period);
        var point = PointLine.Measurement(Actual, tags)
            .Field("value", figure.Value)
            .Field("period", period.ToString())
            .Field("department", state.OwnerFor(period) ?? "")
            .Field("verified", figure.Verified)
            .Field("revision", revision);
        // Where the figure stands in the round, from the item's own events (the levels' names are the plan's).
        state.Approvals.TryGetValue(period, out var approval);
        point.Field("approval", approval is null ? "draft" : StageName(approval.Stage))
            .Field("approved_levels", approval is { Stage: ApprovalStage.Approved } ? approval.Levels : 0L)
            .Field("explained", state.Explanations.ContainsKey(period));
        if (state.Assess(period) is { } assessment)
        {
            // The target that governs the period (in force on its last day), so a chart judges each figure by its own
            // target, not by the target-in-force series, whose step at an effective date falls on a period's end.
            point.Field("target", assessment.Target).Field("expected", assessment.Expected).Field("status", assessment.Status.ToString());
            if (assessment.Completion is { } completion)
                point.Field("completion", completion);
        }
        return point.At(period.EndsAt);
    }

    private static SeriesChange[] Step(IndicatorDefined indicator, IndicatorState state, IEvent @event, Period period, string step, string? level)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["plan"] = indicator.PlanId,
            ["indicator"] = indicator.Code,
            ["period"] = period.ToString(),
            ["step"] = step,
            // A tag, so a round approved at two levels in one instant keeps both points, and Grafana can group by level.
            ["level"] = level ?? "submission",
        };
        var point = PointLine.Measurement(Approval, tags).Field("revision", @event.Version).Field("department", state.OwnerFor(period) ?? "");
        if (@event.Data is IItemEvent { Actor: var actor })
            point.Field("actor", actor.User);
        var stepPoint = point.At(@event.Timestamp);
        return state.Figures.ContainsKey(period) ? [ActualPoint(indicator, state, period, @event.Version), stepPoint] : [stepPoint];
    }

    private static string StageName(ApprovalStage stage) => stage switch
    {
        ApprovalStage.Submitted => "submitted",
        ApprovalStage.Approved => "approved",
        ApprovalStage.SentBack => "sent_back",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    private static SeriesChange Target(IndicatorDefined indicator, Target target, DateOnly effectiveFrom)
    {
        var tags = ItemTags(indicator);
        var at = PlanClock.StartOfDay(effectiveFrom);
        return PointLine.Measurement(TargetMeasurement, tags)
            .Field("value", target.Value)
            .Field("comparator", target.Comparator.ToString())
            .Field("tolerance", target.Tolerance)
            .At(at);
    }

    private static SeriesChange RevisionPoint(
        IndicatorDefined indicator, IndicatorState state, IEvent @event, Period period, string kind, decimal? value, decimal? previous)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["plan"] = indicator.PlanId,
            ["indicator"] = indicator.Code,
            ["period"] = period.ToString(),
            ["kind"] = kind,
        };
        var point = PointLine.Measurement(Revision, tags).Field("revision", @event.Version).Field("department", state.OwnerFor(period) ?? "");
        if (value is { } v)
            point.Field("value", v);
        if (previous is { } p)
            point.Field("previous", p);
        point.Field("delta", (value ?? 0m) - (previous ?? 0m));
        if (@event.Data is IItemEvent { Actor: var actor })
            point.Field("actor", actor.User);
        return point.At(@event.Timestamp);
    }

    private static IReadOnlyDictionary<string, string> ItemTags(IndicatorDefined indicator) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["plan"] = indicator.PlanId,
            ["indicator"] = indicator.Code,
            ["chapter"] = indicator.Chapter,
            ["unit"] = indicator.Unit,
        };
}
