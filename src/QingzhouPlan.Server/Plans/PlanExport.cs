using System.Globalization;
using Marten;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace QingzhouPlan.Server.Plans;

/// <summary>
/// A plan in the store as the seed that would found it again: its header, departments and chapters, the round it was
/// adopted with, every indicator's definition and adopted target, every task, and the previous year's results its
/// document reported. The plan as adopted, not as changed since: adjustments, reassignments and reorganisations are
/// history, which the item streams keep. Loaded as a seed under another id, the export of that plan is the same file.
/// </summary>
public static class PlanExport
{
    public static void MapPlanExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/plans/{planId}/export", async (string planId, IQuerySession session, CancellationToken ct) =>
                await From(session, planId, ct) is { } seed
                    ? Results.Text(Yaml(seed), "application/yaml; charset=utf-8")
                    : Problems.Field(StatusCodes.Status404NotFound, "planId", $"no plan '{planId}'"))
            .WithTags("Plans")
            .WithSummary("The plan as adopted, as a seed file (YAML) that founds the same plan again");

    public static async Task<PlanSeed?> From(IQuerySession session, string planId, CancellationToken ct)
    {
        if (await session.LoadAsync<PlanDocument>(planId, ct) is not { State.Adopted: { } adopted })
            return null;
        var founding = await Founding(session, planId, ct);
        var indicators = await session.Query<IndicatorDocument>().Where(d => d.PlanId == planId).ToListAsync(ct);
        var tasks = await session.Query<TaskDocument>().Where(d => d.PlanId == planId).ToListAsync(ct);
        // Plans founded before the founding event listed its results: those the document's figures started.
        var results = adopted.Results is { } published
            ? published.Select(r => new ResultSeed
            {
                Code = r.Code, Name = r.Name, Chapter = r.Chapter, Measure = SeedValues.Name(r.Measure), Period = r.Period.ToString(), Value = r.Value,
                Unit = r.Unit, Owner = r.Owner, Source = r.Source,
            }).OrderBy(r => r.Code, StringComparer.Ordinal).ToList()
            : adopted.PreviousPlanId is { } previous ? await PublishedResults(session, previous, adopted.Document, ct) : [];

        var seed = new PlanSeed
        {
            Plan = new PlanInfoSeed
            {
                Id = adopted.PlanId, Year = adopted.Year, Region = adopted.Region, Title = adopted.Title,
                AdoptedOn = adopted.AdoptedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), AdoptedBy = adopted.AdoptedBy,
                Document = adopted.Document, DocumentSha256 = adopted.DocumentSha256, PreviousPlanId = adopted.PreviousPlanId ?? "",
            },
            Departments = adopted.Departments.Select(d => new DepartmentSeed { Code = d.Code, Name = d.Name }).ToList(),
            Chapters = adopted.Chapters.Select(c => new ChapterSeed { Code = c.Code, Title = c.Title }).ToList(),
            Results = results,
            Round = founding,
        };
        foreach (var d in indicators.Where(i => i.State.Definition is not null).OrderBy(i => i.State.Definition!.Code, StringComparer.Ordinal))
        {
            var definition = d.State.Definition!;
            var target = d.State.Targets.Entries[0].Target;
            seed.Indicators.Add(new IndicatorSeed
            {
                Code = definition.Code, Name = definition.Name, Chapter = definition.Chapter, Measure = SeedValues.Name(definition.Measure),
                ValueKind = SeedValues.Name(definition.ValueKind), Frequency = SeedValues.Name(definition.Frequency), Unit = definition.Unit,
                Target = target.Value, Comparator = SeedValues.Name(target.Comparator), Tolerance = target.Tolerance, Owner = definition.OwnerDepartment,
                OwnerAssigned = definition.OwnerAssignedBySystem, Source = definition.Source,
                // The result the target builds on: the one the document reported with the same clause and figure.
                Baseline = definition.Baseline is { } b
                    ? results.FirstOrDefault(r => r.Source == b.Source && r.Value == b.Value && r.Unit == b.Unit)?.Code
                    : null,
                Continues = definition.Continues is { } continues ? PlanKeys.Split(continues).Code : null,
            });
        }
        foreach (var t in tasks.Where(t => t.State.Definition is not null).OrderBy(t => t.State.Definition!.Code, StringComparer.Ordinal))
        {
            var definition = t.State.Definition!;
            seed.Tasks.Add(new TaskSeed
            {
                Code = definition.Code, Chapter = definition.Chapter, Text = definition.Text, Owner = definition.OwnerDepartment,
                OwnerAssigned = definition.OwnerAssignedBySystem, Source = definition.Source,
            });
        }
        return seed;
    }

    public static string Yaml(PlanSeed seed) =>
        new SerializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build()
            .Serialize(seed);

    // The round recorded with the plan (reason RoundReason), not settings changed since — nor the local launcher's open windows.
    private static async Task<RoundSeed?> Founding(IQuerySession session, string planId, CancellationToken ct)
    {
        var events = (await session.Events.FetchStreamAsync(planId, token: ct)).Select(e => e.Data).ToList();
        var levels = events.OfType<ApprovalLevelsSet>().FirstOrDefault(e => e.Reason == PlanSeedEvents.RoundReason);
        var rules = events.OfType<QualityRulesSet>().FirstOrDefault(e => e.Reason == PlanSeedEvents.RoundReason);
        var window = events.OfType<ReportingWindowSet>().FirstOrDefault(e => e.Reason == PlanSeedEvents.RoundReason);
        if (levels is null && rules is null && window is null)
            return null;
        return SeedValues.Round(levels?.Levels ?? [], rules?.Rules ?? [], window?.Window);
    }

    // The previous plan's items whose figure was recorded from this plan's document (report id "document#code").
    private static async Task<List<ResultSeed>> PublishedResults(IQuerySession session, string previousPlanId, string document, CancellationToken ct)
    {
        var items = await session.Query<IndicatorDocument>().Where(d => d.PlanId == previousPlanId).ToListAsync(ct);
        return items
            .Where(d => d.State.Definition is not null && d.State.ReportsById.ContainsKey($"{document}#{d.State.Definition.Code}"))
            .Select(d =>
            {
                var definition = d.State.Definition!;
                var report = d.State.ReportsById[$"{document}#{definition.Code}"];
                return new ResultSeed
                {
                    Code = definition.Code, Name = definition.Name, Chapter = definition.Chapter, Measure = SeedValues.Name(definition.Measure),
                    Period = report.Period.ToString(), Value = report.Value, Unit = definition.Unit, Owner = definition.OwnerDepartment,
                    Source = definition.Source,
                };
            })
            .OrderBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
    }
}
