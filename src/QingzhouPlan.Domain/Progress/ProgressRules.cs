using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Progress;

/// <summary>
/// Status of a figure. Year-to-date amounts and counts only grow, so reaching the year's target early
/// is final (Met); until then they are OnTrack at or above the expected value from 序时进度, else Lagging.
/// Growth rates and levels can fall again, so before the year's last period they are only OnTrack or
/// Lagging against the expected value, and Met or Lagging at the end. Tolerances: 左右 allows its
/// tolerance below the value; 以上, 达到 and 力争 need the value; 突破 needs more; 以内 needs at most.
/// </summary>
public static class ProgressRules
{
    public static Assessment Assess(IndicatorDefined indicator, Target target, Period period, decimal? actual)
    {
        var share = ScheduleProgress.ShareAtEndOf(period);
        var expected = ScheduleProgress.Expected(indicator, target.Value, period);
        var soft = target.Comparator == Comparator.Strive;
        if (actual is not { } value)
            return new Assessment(period, null, target.Value, expected, null, share, ProgressStatus.NoData, soft);

        var completion = Ratio(value, target.Value);
        return new Assessment(period, value, target.Value, expected, completion, share, Status(indicator, target, period, value, expected), soft);
    }

    // Targets are bounded when recorded, but a figure over a near-zero target must never overflow a report.
    private static decimal? Ratio(decimal value, decimal target)
    {
        if (target == 0)
            return null;
        try
        {
            return Math.Round(value / target, 4);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static ProgressStatus Status(IndicatorDefined indicator, Target target, Period period, decimal value, decimal expected)
    {
        var final = period.LastMonth == 12;
        var growsOnly = indicator.ValueKind == ValueKind.YearToDate
            && indicator.Measure is MeasureKind.Amount or MeasureKind.Count;
        if (target.IsMetBy(value) && (final || (growsOnly && target.Comparator != Comparator.AtMost)))
            return ProgressStatus.Met;
        if (final)
            return ProgressStatus.Lagging;
        return Reaches(target, value, expected) ? ProgressStatus.OnTrack : ProgressStatus.Lagging;
    }

    private static bool Reaches(Target target, decimal value, decimal expected) => target.Comparator switch
    {
        Comparator.AtMost => value <= expected,
        Comparator.Approximately => value >= expected - target.Tolerance,
        Comparator.AtLeast or Comparator.Exceed or Comparator.Reach or Comparator.Strive => value >= expected,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target.Comparator, null),
    };
}
