using System.Globalization;
using System.Text.RegularExpressions;
using JasperFx.Events;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Domain.Targets;
using QingzhouPlan.Domain.Progress;
using QingzhouPlan.Server.Forms;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// For random histories of a quarterly count indicator — reports through the year, and one to three target
/// adjustments with random effective dates, recorded at random moments, or no target at all — every period's
/// figure gets one answer from the live status, the as-of report, the InfluxDB point and the department's form
/// row, and that answer is the README's rule worked out here independently: the target in force on the period's
/// last day, ties to the later record; with no target, no data to judge (NoData) everywhere.
/// </summary>
public sealed partial class OneAnswerPropertyTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void Status_as_of_report_InfluxDB_point_and_form_row_agree_for_every_period_of_random_histories()
    {
        var random = new Random(20240701);
        var (checkedPeriods, withoutTarget) = (0, 0);
        for (var history = 0; history < 300; history++)
        {
            var targeted = random.Next(4) > 0;
            var events = RandomHistory(random, targeted);
            var state = IndicatorState.Empty;
            var points = new Dictionary<string, (decimal? Expected, string? Status)>();
            for (var i = 0; i < events.Count; i++)
            {
                var before = state;
                state = state.Apply(events[i].Data, events[i].At);
                var @event = new Event<object>(events[i].Data) { Version = i + 1, Sequence = i + 1, Timestamp = events[i].At };
                foreach (var change in IndicatorPoints.For(before, state, @event).OfType<SeriesChange.Write>())
                    if (Actual(change.Line) is { } point)
                        points[point.Period] = (point.Expected, point.Status);
            }
            var end = events[^1].At;
            var status = IndicatorStatus.From("plan/DIGITAL-PROJECTS", state, end, 10)!;
            var recorded = events.Select((e, i) => new RecordedEvent("plan/DIGITAL-PROJECTS", i + 1, i + 1, e.At, e.Data)).ToList();

            foreach (var period in state.Figures.Keys)
            {
                var context = $"history {history}, {period}";
                var live = status.Assessments.SingleOrDefault(a => a.Period == period);
                var line = AsOfReport.Build("plan", period, end, recorded).Indicators.Single();
                var point = points[period.ToString()];
                var row = FormContent.Due(state, "gxj", Period.Month(2024, period.LastMonth), end, Domain.Rounds.RoundPolicy.None).Single();
                row.Standing.ShouldBe(line.Value, context);
                row.Target.ShouldBe(line.TargetText, context);
                if (targeted)
                {
                    var expected = Oracle(events, period) * period.LastMonth / 12m;
                    live.ShouldNotBeNull(context).Expected.ShouldBe(expected, context);
                    line.Expected.ShouldBe(expected, context);
                    point.Expected.ShouldBe(expected, context);
                    line.Status.ShouldBe(live.Status, context);
                    point.Status.ShouldBe(live.Status.ToString(), context);
                }
                else
                {
                    // Nothing to judge a figure by: no assessment, and every reader says so alike.
                    live.ShouldBeNull(context);
                    status.Status.ShouldBe(ProgressStatus.NoData, context);
                    line.Status.ShouldBe(ProgressStatus.NoData, context);
                    (point.Expected, point.Status).ShouldBe((null, null), context);
                    row.Target.ShouldBeNull(context);
                    withoutTarget++;
                }
                checkedPeriods++;
            }
        }
        checkedPeriods.ShouldBeGreaterThan(600);
        withoutTarget.ShouldBeGreaterThan(100);
    }

    /// <summary>The governing target by the rule, from the raw events only.</summary>
    private static decimal Oracle(IReadOnlyList<(object Data, DateTimeOffset At)> events, Period period)
    {
        var governing = 30m;
        var best = (From: DateOnly.MinValue, Order: -1);
        for (var i = 0; i < events.Count; i++)
            if (events[i].Data is TargetAdjusted a && a.EffectiveFrom <= period.LastDay && (a.EffectiveFrom, i).CompareTo(best) > 0)
                (governing, best) = (a.Target.Value, (a.EffectiveFrom, i));
        return governing;
    }

    private static List<(object Data, DateTimeOffset At)> RandomHistory(Random random, bool targeted)
    {
        var actor = new ActedBy("li.wei", "gxj", null, [Roles.Reporter]);
        var events = new List<(object, DateTimeOffset)>();
        var value = 0m;
        foreach (var quarter in Enumerable.Range(1, 4))
        {
            var period = Period.Quarter(2024, quarter);
            value += random.Next(1, 12);
            events.Add((new ValueReported(period, value, $"q{quarter}", value, "个", null, null, actor), period.EndsAt.AddDays(random.Next(1, 20))));
        }
        foreach (var _ in Enumerable.Range(0, targeted ? random.Next(1, 4) : 0))
        {
            var effective = new DateOnly(2024, 1, 1).AddDays(random.Next(0, 366));
            var target = new Target(random.Next(10, 50), Comparator.Reach);
            var recordedAt = new DateTimeOffset(2024, 1, 20, 9, 0, 0, Beijing).AddHours(random.Next(0, 24 * 400));
            events.Add((new TargetAdjusted(target, target, effective, "调整", "依据", actor), recordedAt));
        }
        var ordered = events.OrderBy(e => e.Item2).ToList();
        var start = new DateTimeOffset(2024, 1, 12, 9, 0, 0, Beijing);
        var defined = (new IndicatorDefined("plan", 2024, "DIGITAL-PROJECTS", "完成数转智改项目", "一", MeasureKind.Count, ValueKind.YearToDate,
            Frequency.Quarterly, "个", "gxj", true, "source", null, ActedBy.System()), start);
        return targeted
            ? [defined, (new TargetSet(new Target(30m, Comparator.Reach), new DateOnly(2024, 1, 12), "source", ActedBy.System()), start), .. ordered]
            : [defined, .. ordered];
    }

    private static (string Period, decimal? Expected, string? Status)? Actual(string line)
    {
        if (!line.StartsWith(IndicatorPoints.Actual + ",", StringComparison.Ordinal))
            return null;
        var (expected, status) = (Expected().Match(line), StatusField().Match(line));
        return (Field().Match(line).Groups[1].Value,
            expected.Success ? decimal.Parse(expected.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
            status.Success ? status.Groups[1].Value : null);
    }

    [GeneratedRegex("period=\"([^\"]+)\"")]
    private static partial Regex Field();

    [GeneratedRegex("expected=([-0-9.Ee+]+)")]
    private static partial Regex Expected();

    [GeneratedRegex("status=\"([A-Za-z]+)\"")]
    private static partial Regex StatusField();
}
