using System.Globalization;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Targets;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Domain.Units;

namespace QingzhouPlan.Server.Plans;

/// <summary>The events that found a plan in the store, one list per stream, derived from its seed.</summary>
public sealed record SeedStream(string Key, IReadOnlyList<object> Events);

public static class PlanSeedEvents
{
    /// <param name="continued">
    /// The baselines of indicators that carry on one of the previous plan's without a result of the document: that
    /// indicator's actual for its year, as the store holds it (see <see cref="PlanFoundation"/>).
    /// </param>
    public static IReadOnlyList<SeedStream> From(PlanSeed seed, string documentSha256, ActedBy actor, IReadOnlyDictionary<string, Baseline>? continued = null)
    {
        var plan = seed.Plan;
        var adoptedOn = DateOnly.ParseExact(plan.AdoptedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var documentSource = $"{plan.Title}（{plan.AdoptedOn}）";
        var streams = new List<SeedStream>
        {
            new(plan.Id, [new PlanAdopted(plan.Id, plan.Year, plan.Region, plan.Title, adoptedOn, plan.AdoptedBy,
                plan.Document, documentSha256,
                seed.Departments.Select(d => new Department(d.Code, d.Name)).ToList(),
                seed.Chapters.Select(c => new Chapter(c.Code, c.Title)).ToList(), actor,
                plan.PreviousPlanId is { Length: > 0 } previous ? previous : null,
                // In code order: the results are a set, whichever order a file or a document lists them in.
                seed.Results.Count > 0
                    ? seed.Results.OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => new PublishedResult(r.Code, r.Name, r.Chapter, Parse<MeasureKind>(r.Measure, r.Code, "measure"), Period.Parse(r.Period),
                        r.Value, r.Unit, r.Owner, r.Source)).ToList()
                    : null), .. RoundEvents(seed, actor)]),
        };

        var previousYear = plan.Year - 1;
        var results = seed.Results.ToDictionary(r => r.Code, StringComparer.Ordinal);
        foreach (var result in seed.Results)
        {
            var period = Period.Parse(result.Period);
            var measure = Parse<MeasureKind>(result.Measure, result.Code, "measure");
            streams.Add(new(PlanKeys.Item(plan.PreviousPlanId, result.Code),
            [
                new IndicatorDefined(plan.PreviousPlanId, previousYear, result.Code, result.Name, result.Chapter,
                    measure, measure == MeasureKind.GrowthRate ? ValueKind.YearToDate : ValueKind.Level,
                    period.Kind == PeriodKind.Month ? Frequency.Monthly : Frequency.Annual,
                    CheckUnit(result.Unit, result.Code), result.Owner, true, result.Source, null, actor),
                // The previous year's result as the document reports it: a figure recorded from the document.
                new ValueReported(period, result.Value, $"{plan.Document}#{result.Code}", result.Value, result.Unit,
                    $"执行情况, as published {plan.AdoptedOn}", documentSource, actor),
                // A finished year's published result: from now on only a reviewer's correction with a reason changes it.
                new ItemClosed($"{previousYear}年执行情况 published with the {plan.Year} plan", actor),
            ]));
        }

        foreach (var indicator in seed.Indicators)
        {
            Baseline? baseline = null;
            if (indicator.Baseline is { Length: > 0 } code)
            {
                var result = results.GetValueOrDefault(code)
                    ?? throw new InvalidDataException($"indicator {indicator.Code}: baseline '{code}' is not among the results");
                baseline = new Baseline(result.Value, result.Unit, previousYear, result.Source);
            }
            else if (indicator.Continues is { Length: > 0 })
                baseline = continued?.GetValueOrDefault(indicator.Code);
            var target = new Target(indicator.Target, Parse<Comparator>(indicator.Comparator, indicator.Code, "comparator"), indicator.Tolerance);
            streams.Add(new(PlanKeys.Item(plan.Id, indicator.Code),
            [
                new IndicatorDefined(plan.Id, plan.Year, indicator.Code, indicator.Name, indicator.Chapter,
                    Parse<MeasureKind>(indicator.Measure, indicator.Code, "measure"),
                    Parse<ValueKind>(indicator.ValueKind, indicator.Code, "valueKind"),
                    Parse<Frequency>(indicator.Frequency, indicator.Code, "frequency"),
                    CheckUnit(indicator.Unit, indicator.Code), indicator.Owner, indicator.OwnerAssigned,
                    indicator.Source, baseline, actor,
                    indicator.Continues is { Length: > 0 } continues ? PlanKeys.Item(plan.PreviousPlanId, continues) : null),
                new TargetSet(target, adoptedOn, indicator.Source, actor),
            ]));
        }

        foreach (var task in seed.Tasks)
            streams.Add(new(PlanKeys.Item(plan.Id, task.Code),
                [new TaskDefined(plan.Id, task.Code, task.Text, task.Chapter, task.Owner, task.OwnerAssigned, task.Source, actor, plan.Year)]));
        return streams;
    }

    /// <summary>Why the round's settings were recorded: with the plan, as its seed declares them.</summary>
    public const string RoundReason = "随计划载入";

    /// <summary>The round the seed declares, on the plan's own stream after its adoption; every rule names an indicator of the seed.</summary>
    public static IReadOnlyList<object> RoundEvents(PlanSeed seed, ActedBy actor)
    {
        if (seed.Round is not { } round)
            return [];
        var codes = seed.Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var rules = round.Rules.Select(r => new Domain.Rounds.QualityRule(r.Id, r.Name,
            Parse<Domain.Rounds.RuleKind>(r.Kind, r.Id, "kind"), Parse<Domain.Rounds.RuleSeverity>(r.Severity, r.Id, "severity"),
            r.Indicator == "*" || codes.Contains(r.Indicator) ? r.Indicator : throw new InvalidDataException($"rule {r.Id}: no indicator '{r.Indicator}'"),
            r.Min, r.Max,
            r.Other is null || codes.Contains(r.Other) ? r.Other : throw new InvalidDataException($"rule {r.Id}: no indicator '{r.Other}'"),
            r.Clause)).ToList();
        // Each part is checked by the decision a command to a loaded plan takes, against the plan as adopted.
        var plan = PlanState.Empty.Apply(new PlanAdopted(seed.Plan.Id, seed.Plan.Year, seed.Plan.Region, seed.Plan.Title, default,
            seed.Plan.AdoptedBy, seed.Plan.Document, "", [], [], actor));
        var decisions = new List<PlanDecision>();
        if (round.Levels.Count > 0)
            decisions.Add(Domain.Rounds.RoundPolicyDecision.Levels(plan,
                round.Levels.Select(l => new Domain.Rounds.ApprovalLevel(l.Code, l.Name, l.Role, l.OwnDepartment, l.DueDaysAfterDeadline)).ToList(), RoundReason, actor));
        decisions.Add(Domain.Rounds.RoundPolicyDecision.Rules(plan, rules, RoundReason, actor));
        if (round.Window is { } w)
            decisions.Add(Domain.Rounds.RoundPolicyDecision.Window(plan,
                new Domain.Rounds.ReportingWindow(w.OpensAfterPeriodEndDays, w.ClosesAfterDeadlineDays), RoundReason, actor));
        return decisions.Select(d => d switch
        {
            PlanDecision.Accepted accepted => (object?)accepted.Event,
            PlanDecision.Refused refused => throw new InvalidDataException($"round: {refused.Refusal.Message}"),
            _ => null,
        }).OfType<object>().ToList();
    }

    private static T Parse<T>(string text, string code, string field) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException(
                $"{code}: {field} '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}");

    private static string CheckUnit(string unit, string code) =>
        UnitCatalogue.Find(unit) is not null ? unit : throw new InvalidDataException($"{code}: unit '{unit}' is not in the catalogue");
}
