using System.Globalization;
using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Server.Drafts;

/// <summary>
/// A reviewed draft as the seed it stands for: the same shape the seed files have, so adoption founds the plan through
/// the very code that loads seeds (<see cref="PlanFoundation"/>), and a draft's plan exports as the file it would have
/// been. Each item's source is its clause in the document; items keep the document's order.
/// </summary>
public static class DraftSeed
{
    public static PlanSeed From(DraftState draft)
    {
        var plan = draft.Plan ?? throw new InvalidOperationException("the draft's plan is not described");
        var accepted = draft.Live.Where(i => i.Status == DraftItemStatus.Accepted).OrderBy(i => i.Start).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        return new PlanSeed
        {
            Plan = new PlanInfoSeed
            {
                Id = plan.Id, Year = plan.Year, Region = plan.Region, Title = plan.Title,
                AdoptedOn = plan.AdoptedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), AdoptedBy = plan.AdoptedBy,
                Document = draft.DocumentName, DocumentSha256 = draft.DocumentSha256, PreviousPlanId = plan.PreviousPlanId,
            },
            Departments = plan.Departments.Select(d => new DepartmentSeed { Code = d.Code, Name = d.Name }).ToList(),
            Chapters = plan.Chapters.Select(c => new ChapterSeed { Code = c.Code, Title = c.Title }).ToList(),
            Indicators = accepted.Where(i => i.Kind == DraftItemKind.Target).Select(i => new IndicatorSeed
            {
                Code = i.Fields.Code, Name = i.Fields.Name, Chapter = i.Fields.Chapter, Measure = SeedValues.Name(i.Fields.Measure),
                ValueKind = SeedValues.Name(i.Fields.ValueKind), Frequency = SeedValues.Name(i.Fields.Frequency), Unit = i.Fields.Unit,
                Target = i.Fields.Value!.Value, Comparator = SeedValues.Name(i.Fields.Comparator!.Value), Tolerance = i.Fields.Tolerance,
                Owner = i.Fields.Owner, OwnerAssigned = i.Fields.OwnerAssigned, Source = draft.Clause(i), Baseline = i.Fields.Baseline,
                Continues = i.Fields.Continues,
            }).ToList(),
            Results = accepted.Where(i => i.Kind == DraftItemKind.Result).Select(i => new ResultSeed
            {
                Code = i.Fields.Code, Name = i.Fields.Name, Chapter = i.Fields.Chapter, Measure = SeedValues.Name(i.Fields.Measure),
                Period = i.Fields.Period!, Value = i.Fields.Value!.Value, Unit = i.Fields.Unit, Owner = i.Fields.Owner, Source = draft.Clause(i),
            }).ToList(),
            Tasks = accepted.Where(i => i.Kind == DraftItemKind.Task).Select(i => new TaskSeed
            {
                Code = i.Fields.Code, Chapter = i.Fields.Chapter, Text = i.Fields.Name, Owner = i.Fields.Owner, OwnerAssigned = i.Fields.OwnerAssigned,
                Source = draft.Clause(i),
            }).ToList(),
            Round = plan.Round is { } round ? SeedValues.Round(round.Levels, round.Rules, round.Window) : null,
        };
    }
}
