using System.Globalization;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Drafts;

/// <summary>
/// The extractor's quantities as items of a new draft, with the defaults a reviewer most often keeps: a code numbered by
/// the item, quarterly year-to-date reporting for targets (a share is reported as a level), an annual result of the
/// year before, and ±0.5 around a rate "左右". No owner: plan documents of the genre name none, so it is suggested from
/// the previous plan when the draft is read (see <see cref="PreviousItems"/>).
/// </summary>
public static class DraftProposals
{
    public static IReadOnlyList<DraftItem> From(DraftProposal proposal)
    {
        var items = proposal.Quantities.Select((q, i) => new DraftItem($"p{i + 1}", q.Kind == QuantityKind.Result ? DraftItemKind.Result : DraftItemKind.Target,
            DraftItemStatus.Proposed, q.Start, q.Length, Fields(q, i + 1, proposal.Header.Year), q.Confidence)).ToList();
        foreach (var task in proposal.Tasks)
        {
            var number = items.Count + 1;
            items.Add(new DraftItem($"p{number}", DraftItemKind.Task, DraftItemStatus.Proposed, task.Start, task.Length,
                new DraftItemFields("T" + number.ToString(CultureInfo.InvariantCulture), task.Text, task.Chapter, MeasureKind.Count, ValueKind.YearToDate,
                    Frequency.Quarterly, "", null, null, 0, null, "", true, null, null), task.Confidence));
        }
        return items;
    }

    /// <summary>
    /// The fields of an item the reviewer selected: the figure, unit and comparator read from the selection as the
    /// extractor reads a clause, the chapter the selection sits in, the selection itself as a task's text.
    /// </summary>
    public static DraftItemFields ForSelection(DraftState draft, DraftItemKind kind, int start, int length)
    {
        var clause = DraftState.Clause(draft.Text, start, length);
        var number = draft.Items.Count + 1;
        var chapter = draft.Chapters.Where(c => c.Start <= start).Select(c => c.Code).LastOrDefault() ?? "";
        var letter = kind switch { DraftItemKind.Target => "I", DraftItemKind.Result => "R", DraftItemKind.Task => "T", _ => throw new ArgumentOutOfRangeException(nameof(kind)) };
        var code = letter + number.ToString(CultureInfo.InvariantCulture);
        if (kind == DraftItemKind.Task || PlanExtractor.Extract(clause).Quantities.FirstOrDefault() is not { } q)
            return new DraftItemFields(code, clause, chapter, MeasureKind.Count, ValueKind.YearToDate,
                kind == DraftItemKind.Result ? Frequency.Annual : Frequency.Quarterly, "", null, kind == DraftItemKind.Target ? Comparator.Reach : null, 0,
                kind == DraftItemKind.Result && draft.Header.Year is { } y ? (y - 1).ToString(CultureInfo.InvariantCulture) : null, "", true, null, null);
        // The reviewer's kind wins over the part the selection sits in: a result read as a target has no comparator, and the reverse reaches.
        var kindOf = kind == DraftItemKind.Result ? q with { Kind = QuantityKind.Result, Comparator = null }
            : q with { Kind = QuantityKind.Target, Comparator = q.Comparator ?? Comparator.Reach };
        return Fields(kindOf, number, draft.Header.Year) with { Code = code, Chapter = chapter };
    }

    private static DraftItemFields Fields(QuantityProposal q, int number, int? year)
    {
        var result = q.Kind == QuantityKind.Result;
        return new DraftItemFields(
            Code: (result ? "R" : "I") + number.ToString(CultureInfo.InvariantCulture),
            Name: q.Name,
            Chapter: q.Chapter,
            Measure: q.Measure,
            ValueKind: q.Measure == MeasureKind.LevelRatio ? ValueKind.Level : ValueKind.YearToDate,
            Frequency: result ? Frequency.Annual : Frequency.Quarterly,
            Unit: q.Unit,
            Value: q.Value,
            Comparator: result ? null : q.Comparator,
            Tolerance: q.Comparator == Comparator.Approximately && q.Unit == "%" ? 0.5m : 0m,
            Period: result && year is { } y ? (y - 1).ToString(CultureInfo.InvariantCulture) : null,
            Owner: "",
            OwnerAssigned: true,
            Baseline: null,
            Continues: null);
    }
}
