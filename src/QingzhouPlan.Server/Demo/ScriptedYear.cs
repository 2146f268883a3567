using Marten;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Items;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Server.Demo;

/// <summary>
/// A deterministic, plausible year of a plan: each department reports its indicators period by period
/// (a few days after each period ends, about one in ten late), about one report in ten is corrected, a
/// reviewer verifies about half, two targets are adjusted, one figure is retracted and reported again,
/// and tasks move from 未启动 to 完成. Everything goes through the grains on a moving business clock, so
/// recorded times fall through the year as they would have. The same seed always gives the same year.
/// </summary>
public sealed class ScriptedYear(IGrainFactory grains, IDocumentStore store)
{
    // Departments explain a figure the plan's soft rules question (a lagging headline, a large monthly step); the
    // explanation is recorded only where a rule asks for one.
    private const string Explanation = "经核实，数据属实：受季节性因素和项目集中入统影响";

    private static readonly ActedBy Reviewer = new("fgj.reviewer", "fgj", "scripted-year", [Roles.Reviewer]);

    private sealed record Step(DateTimeOffset At, int Order, string Kind, string Item, Func<Task<CommandResult>> Act);

    public async Task<ScriptedYearSummary> Run(string planId, Action<DateTimeOffset> setClock, int seed = 2024, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, int>();
        var refused = 0;
        var steps = await Steps(planId, seed, revisions: 0, cancellationToken);
        foreach (var step in steps.OrderBy(s => s.At).ThenBy(s => s.Order))
        {
            cancellationToken.ThrowIfCancellationRequested();
            setClock(step.At);
            Count(await step.Act(), step, counts, ref refused);
        }
        return new ScriptedYearSummary(steps.Count, counts, refused);
    }

    /// <summary>
    /// The scripted years of several plans at once, for volume: steps falling in the same window (an hour)
    /// run concurrently — one chain per plan item, in order — with the clock at the window's start, so
    /// recorded times are exact to the window rather than to the minute. <paramref name="revisions"/> adds
    /// that many revisions of each reported figure, an hour apart after its report, for depth: a history
    /// that grows within each item rather than across more plans.
    /// </summary>
    public async Task<ScriptedYearSummary> RunMany(
        IReadOnlyList<string> planIds, Action<DateTimeOffset> setClock, TimeSpan window, int revisions = 0, CancellationToken cancellationToken = default)
    {
        var steps = new List<Step>();
        for (var i = 0; i < planIds.Count; i++)
            steps.AddRange(await Steps(planIds[i], 2024 + i, revisions, cancellationToken));
        var counts = new Dictionary<string, int>();
        var refused = 0;
        foreach (var batch in steps.GroupBy(s => s.At.UtcTicks / window.Ticks).OrderBy(g => g.Key))
        {
            cancellationToken.ThrowIfCancellationRequested();
            setClock(new DateTimeOffset(batch.Key * window.Ticks, TimeSpan.Zero));
            var results = await Task.WhenAll(batch.GroupBy(s => s.Item).Select(async chain =>
            {
                var done = new List<(Step, CommandResult)>();
                foreach (var step in chain.OrderBy(s => s.At).ThenBy(s => s.Order))
                    done.Add((step, await step.Act()));
                return done;
            }));
            foreach (var (step, result) in results.SelectMany(r => r))
                Count(result, step, counts, ref refused);
        }
        return new ScriptedYearSummary(steps.Count, counts, refused);
    }

    private static void Count(CommandResult result, Step step, Dictionary<string, int> counts, ref int refused)
    {
        if (result.Refusal is not null)
            refused++;
        else
            counts[step.Kind] = counts.GetValueOrDefault(step.Kind) + 1;
    }

    private async Task<List<Step>> Steps(string planId, int seed, int revisions, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var year = (await session.LoadAsync<PlanDocument>(planId, cancellationToken))?.State.Adopted?.Year
            ?? throw new InvalidOperationException($"no plan '{planId}' in the store");
        // The script is written against the plan as adopted: owners and targets at the year's start.
        var start = new DateOnly(year, 1, 1);
        var indicators = (await session.Query<IndicatorDocument>().Where(i => i.PlanId == planId).ToListAsync(cancellationToken))
            .Select(d => IndicatorView.From(d.Id, d.State, start)).OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        var tasks = (await session.Query<TaskDocument>().Where(t => t.PlanId == planId).ToListAsync(cancellationToken))
            .Select(d => TaskView.From(d.Id, d.State, start)).OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        var steps = new List<Step>();
        foreach (var indicator in indicators.Where(i => i.Target is not null))
            steps.AddRange(Reports(indicator, random, revisions));
        steps.AddRange(Adjustments(indicators, random));
        steps.AddRange(Retraction(indicators));
        steps.AddRange(TaskProgress(tasks, year, random));
        return steps;
    }

    private IEnumerable<Step> Reports(IndicatorView indicator, Random random, int revisions)
    {
        var grain = grains.GetGrain<IIndicatorGrain>(indicator.Id);
        var reporter = new ActedBy($"{indicator.OwnerDepartment}.reporter", indicator.OwnerDepartment, "scripted-year", [Roles.Reporter]);
        var path = Path(indicator, random);
        var order = 0;
        foreach (var period in ReportingCalendar.PeriodsOf(indicator.Frequency, indicator.PlanYear))
        {
            var late = random.NextDouble() < 0.1;
            var at = At(period.LastDay.AddDays(late ? random.Next(11, 21) : random.Next(2, 10)), random);
            var value = path(period);
            // Now and then a department reports money in 万元; the grain normalises it to 亿元.
            var (sent, unit) = indicator.Unit == "亿元" && random.NextDouble() < 0.15 ? (value * 10000m, "万元") : (value, indicator.Unit);
            var reportId = $"{indicator.Code}-{period}";
            yield return new Step(at, order++, late ? "late report" : "report", indicator.Id,
                () => grain.Report(new ReportValue(reportId, period, sent, unit, null, "月报", Explanation), reporter, null, null));
            for (var revision = 1; revision <= revisions; revision++)
            {
                // Back and forth by a hair, so every revision is a change and a year-to-date figure stays below the next period's.
                var revised = value + (revision % 2 + 1) * (indicator.Measure == MeasureKind.Count ? 1m : 0.01m);
                yield return new Step(at.AddHours(revision), order++, "revision", indicator.Id,
                    () => grain.Correct(new CorrectValue(period, revised, indicator.Unit, "逐级复核修订", Explanation), reporter, null));
            }
            if (random.NextDouble() < 0.1)
            {
                // Corrections raise the figure a little: a year-to-date figure may not fall below the period before.
                var corrected = Round(indicator, value * 1.01m + (indicator.Measure == MeasureKind.Count ? 1 : 0));
                yield return new Step(at.AddDays(random.Next(2, 7)), order++, "correction", indicator.Id,
                    () => grain.Correct(new CorrectValue(period, corrected, indicator.Unit, "核实后补报遗漏数据", Explanation), reporter, null));
            }
            if (random.NextDouble() < 0.5)
                yield return new Step(at.AddDays(random.Next(8, 16)), order++, "verification", indicator.Id,
                    () => grain.Verify(new VerifyValue(period, "已核"), Reviewer, null));
        }
    }

    /// <summary>The figures an indicator reports through the year: a final value near its target, reached along a plausible path.</summary>
    private static Func<Period, decimal> Path(IndicatorView indicator, Random random)
    {
        var target = indicator.Target!.Value;
        var final = target * (decimal)(0.88 + random.NextDouble() * 0.27);
        switch (indicator.Measure, indicator.ValueKind)
        {
            case (MeasureKind.GrowthRate, _):
                var noise = Enumerable.Range(0, 12).Select(_ => (decimal)(random.NextDouble() - 0.5)).ToArray();
                return p => Math.Round(final + noise[p.LastMonth - 1], 1);
            case (_, ValueKind.YearToDate):
                var steps = Enumerable.Range(0, 12).Select(_ => 0.6 + random.NextDouble() * 0.8).ToArray();
                var total = steps.Sum();
                var cumulative = steps.Select((_, m) => final * (decimal)(steps.Take(m + 1).Sum() / total)).ToArray();
                return p => Round(indicator, cumulative[p.LastMonth - 1]);
            default:
                var start = indicator.Baseline?.Value ?? target * 0.8m;
                // A level of a count (135 个重点项目) stays whole; a rate keeps one decimal.
                return p => indicator.Measure == MeasureKind.Count
                    ? Round(indicator, start + (final - start) * p.LastMonth / 12m)
                    : Math.Round(start + (final - start) * p.LastMonth / 12m, 1);
        }
    }

    private IEnumerable<Step> Adjustments(IReadOnlyList<IndicatorView> indicators, Random random)
    {
        var candidates = indicators.Where(i => i.ValueKind == ValueKind.YearToDate && i.Measure != MeasureKind.GrowthRate && i.Target is not null).ToList();
        var first = candidates[random.Next(candidates.Count)];
        var second = candidates.Where(c => c != first).ElementAt(random.Next(candidates.Count - 1));
        yield return Adjust(first, 0.9m, new DateOnly(first.PlanYear, 6, 28), new DateOnly(first.PlanYear, 6, 1), "省下达任务调整");
        yield return Adjust(second, 1.1m, new DateOnly(second.PlanYear, 8, 29), new DateOnly(second.PlanYear, 9, 1), "年中形势好于预期");
        // A decision of April recorded only in July (补录): it came later, but the adjustment effective from June,
        // the latest effective by 30 June, still governs the 1–6月 report.
        yield return Adjust(first, 0.95m, new DateOnly(first.PlanYear, 7, 20), new DateOnly(first.PlanYear, 4, 1), "补录：4月起执行的调整");
    }

    private Step Adjust(IndicatorView indicator, decimal factor, DateOnly recorded, DateOnly effective, string reason)
    {
        var target = indicator.Target!;
        var adjusted = new Target(Round(indicator, target.Value * factor), target.Comparator, target.Tolerance);
        return new Step(PlanClock.StartOfDay(recorded).AddHours(15), 0, "target adjustment", indicator.Id,
            () => grains.GetGrain<IIndicatorGrain>(indicator.Id).AdjustTarget(new AdjustTarget(adjusted, effective, reason, "市人大常委会批准"), Reviewer, null));
    }

    /// <summary>The first monthly indicator's March figure is withdrawn and reported again a week later.</summary>
    private IEnumerable<Step> Retraction(IReadOnlyList<IndicatorView> indicators)
    {
        if (indicators.FirstOrDefault(i => i.Frequency == Frequency.Monthly && i.Target is not null) is not { } indicator)
            yield break;
        var grain = grains.GetGrain<IIndicatorGrain>(indicator.Id);
        var reporter = new ActedBy($"{indicator.OwnerDepartment}.reporter", indicator.OwnerDepartment, "scripted-year", [Roles.Reporter]);
        var march = Period.Month(indicator.PlanYear, 3);
        var day = new DateOnly(indicator.PlanYear, 4, 25);
        yield return new Step(PlanClock.StartOfDay(day).AddHours(10), 0, "retraction", indicator.Id,
            () => grain.Retract(new RetractValue(march, "报送口径错误，撤回重报"), reporter, null));
        yield return new Step(PlanClock.StartOfDay(day.AddDays(7)).AddHours(10), 0, "re-report", indicator.Id,
            async () =>
            {
                var figures = (await grain.GetFigures())!.Figures;
                var neighbours = figures.Where(f => f.Period is var p && (p.EndsWith("-02") || p.EndsWith("-04"))).Select(f => f.Value).ToList();
                var value = neighbours.Count == 2 ? Math.Round(neighbours.Average(), 2) : neighbours.DefaultIfEmpty(0m).Max();
                return await grain.Report(new ReportValue($"{indicator.Code}-{march}-again", march, value, indicator.Unit, "撤回后重报", null, Explanation), reporter, null, null);
            });
    }

    private IEnumerable<Step> TaskProgress(IReadOnlyList<TaskView> tasks, int year, Random random)
    {
        for (var n = 0; n < tasks.Count; n++)
        {
            var task = tasks[n];
            var grain = grains.GetGrain<ITaskGrain>(task.Id);
            var reporter = new ActedBy($"{task.OwnerDepartment}.reporter", task.OwnerDepartment, "scripted-year", [Roles.Reporter]);
            var start = new DateOnly(year, 2, 1).AddDays(random.Next(0, 80));
            Step Move(DateOnly day, TaskStatus status, string narrative) =>
                new(At(day, random), 0, "task progress", task.Id, () => grain.ReportProgress(new ReportTaskProgress(status, narrative, []), reporter, null));
            yield return Move(start, TaskStatus.InProgress, "已启动，制定工作方案");
            if (n == 4)
            {
                yield return Move(new DateOnly(year, 10, 15), TaskStatus.Cancelled, "上级政策调整，任务取消");
                continue;
            }
            if (random.NextDouble() < 0.15)
                yield return Move(new DateOnly(year, 6, 1).AddDays(random.Next(0, 80)), TaskStatus.AtRisk, "进度滞后，存在风险");
            if (random.NextDouble() < 0.6)
                yield return Move(new DateOnly(year, 9, 1).AddDays(random.Next(0, 110)), TaskStatus.Done, "已完成，通过验收");
        }
    }

    private static DateTimeOffset At(DateOnly day, Random random) =>
        PlanClock.StartOfDay(day).AddHours(8 + random.Next(0, 10)).AddMinutes(random.Next(0, 60));

    private static decimal Round(IndicatorView indicator, decimal value) =>
        Math.Round(value, indicator.Measure == MeasureKind.Count ? 0 : 2);
}

public sealed record ScriptedYearSummary(int Steps, IReadOnlyDictionary<string, int> Accepted, int Refused);
