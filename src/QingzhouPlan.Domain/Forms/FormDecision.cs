using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Domain.Forms;

/// <summary>
/// What a form's row means for its item, decided by the item's own rules: a period without a figure is a
/// report; a different figure for a reported period is a correction, which needs the reason column; the
/// same figure again (in any unit that converts to it) changes nothing. Refusals are told in the form's words.
/// </summary>
public static class FormDecision
{
    /// <summary>
    /// A figure's row. The row's 说明 column is also the 上报说明 a figure that breaks a soft rule needs: a form has one
    /// place for words, and approvers read them beside the figure either way.
    /// </summary>
    public static RowDecision Figure(IndicatorState state, FigureEntry entry, string rowId, ActedBy actor, DateTimeOffset now, Rounds.RoundPolicy? policy = null)
    {
        if (state.Definition is not { } indicator)
            return new RowDecision.Refused(FormFinding.Error(entry.Sheet, entry.Row, FormColumns.Code, $"「{entry.Code}」不是本计划的指标"));
        var period = entry.Period.ToString();
        var after = $"{entry.Value} {entry.Unit}";
        if (state.Figures.TryGetValue(entry.Period, out var standing))
        {
            var before = $"{standing.Value} {indicator.Unit}";
            if (ReportValueDecision.Normalise(indicator, entry.Value, entry.Unit) == standing.Value)
                return new RowDecision.Unchanged(new FormChange(entry.Sheet, entry.Row, entry.Code, period, FormChangeKind.Unchanged, before, before));
            if (string.IsNullOrWhiteSpace(entry.Note))
                return new RowDecision.Refused(FormFinding.Error(entry.Sheet, entry.Row, FormColumns.Note,
                    $"必填：{period} 已报 {before}，改为 {after} 是更正，须写明原因"));
            var correction = CorrectValueDecision.Decide(state, new CorrectValue(entry.Period, entry.Value, entry.Unit, entry.Note, entry.Note), actor, now, policy);
            return Explained(Outcome(correction, entry, new FormChange(entry.Sheet, entry.Row, entry.Code, period, FormChangeKind.Correction, before, after)), entry, policy);
        }
        var report = ReportValueDecision.Decide(state, new ReportValue(rowId, entry.Period, entry.Value, entry.Unit, entry.Note, null, entry.Note), actor, now, policy);
        return Explained(Outcome(report, entry, new FormChange(entry.Sheet, entry.Row, entry.Code, period, FormChangeKind.Report, null, after)), entry, policy);
    }

    // A figure a soft rule questions goes in with the row's words as its 上报说明; the dry run says so, naming the rules.
    private static RowDecision Explained(RowDecision decision, FigureEntry entry, Rounds.RoundPolicy? policy) =>
        decision is RowDecision.Changed changed && changed.Events.OfType<Rounds.FigureExplained>().FirstOrDefault() is { } explained
            ? changed with
            {
                Note = FormFinding.Note(entry.Sheet, entry.Row, FormColumns.Note,
                    $"核实性审核「{string.Join("」「", explained.Rules.Select(r => policy?.Rules.FirstOrDefault(q => q.Id == r)?.Name ?? "审核规则"))}」：已将本列作为上报说明一并报送，审核人会看到"),
            }
            : decision;

    public static RowDecision Progress(TaskState state, ProgressEntry entry, string rowId, ActedBy actor, DateTimeOffset now)
    {
        if (state.Definition is null)
            return new RowDecision.Refused(FormFinding.Error(entry.Sheet, entry.Row, FormColumns.Code, $"「{entry.Code}」不是本计划的任务"));
        var decision = ReportTaskProgressDecision.Decide(state, new ReportTaskProgress(entry.Status, entry.Narrative, [], rowId), actor, now);
        return Outcome(decision, entry, new FormChange(entry.Sheet, entry.Row, entry.Code, null, FormChangeKind.Progress,
            FormColumns.Describe(state.Status), FormColumns.Describe(entry.Status)));
    }

    private static RowDecision Outcome(Decision decision, FormEntry entry, FormChange change) => decision switch
    {
        Decision.Accepted accepted => new RowDecision.Changed(accepted.Events, change),
        Decision.AlreadyDone => new RowDecision.Unchanged(change with { Kind = FormChangeKind.Unchanged }),
        Decision.Refused refused => new RowDecision.Refused(Describe(entry, refused.Refusal)),
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    /// <summary>The item's refusal at the column it concerns, led by what kind of refusal it is; the rule's Chinese words follow.</summary>
    public static FormFinding Describe(FormEntry entry, Refusal refusal)
    {
        var column = refusal.Field switch
        {
            "value" => FormColumns.Value,
            "unit" => FormColumns.Unit,
            "period" => FormColumns.Period,
            "reason" or "explanation" => FormColumns.Note,
            "status" => FormColumns.NewStatus,
            "narrative" => FormColumns.Narrative,
            // Who may write the item, or whether it is open, is about the item the row names.
            _ => FormColumns.Code,
        };
        var lead = refusal.Kind switch
        {
            RefusalKind.Forbidden => "无权填报",
            RefusalKind.Conflict => "与已有记录冲突",
            RefusalKind.NotFound => "找不到该项",
            _ => "不符合规则",
        };
        return FormFinding.Error(entry.Sheet, entry.Row, column, $"{lead}：{refusal.Clerk}");
    }
}
