using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Tasks;

namespace QingzhouPlan.Domain.Audit;

/// <summary>
/// One change to a plan item, as an auditor reads it: when, what, from what to what, by whom, why, and — for a
/// figure that came in a filled-in form — the SHA-256 of that file, under which it can be downloaded.
/// </summary>
public sealed record HistoryEntry(
    long Version,
    DateTimeOffset RecordedAt,
    string Change,
    string? Period,
    string? From,
    string? To,
    string? User,
    string? Department,
    string? Reason,
    string? CorrelationId,
    string? SourceFile = null);

public static class History
{
    /// <summary>
    /// The item's changes in order. An old value is what the event itself records it replaced (a correction's
    /// previous figure, an adjustment's previous target, a move's previous owner); a report's, which records none,
    /// is the figure the stream folded so far had standing.
    /// </summary>
    public static IReadOnlyList<HistoryEntry> Of(IEnumerable<RecordedEvent> stream)
    {
        var entries = new List<HistoryEntry>();
        var state = IndicatorState.Empty;
        foreach (var e in stream)
        {
            var before = state;
            // Task events leave an indicator's state as it was; only the indicator's own events need its figures.
            state = state.Apply(e.Data, e.RecordedAt);
            var unit = state.Definition?.Unit ?? "";
            string Figure(decimal value) => $"{value} {unit}";
            string? Standing(Periods.Period p) => before.Figures.TryGetValue(p, out var f) ? Figure(f.Value) : null;
            HistoryEntry Entry(string change, string? period, string? from, string? to, ActedBy actor, string? reason) =>
                new(e.Version, e.RecordedAt, change, period, from, to, actor.User, actor.Department, reason, actor.CorrelationId, actor.SourceFile);
            entries.Add(e.Data switch
            {
                IndicatorDefined d => Entry("defined", null, null, d.Name, d.Actor, d.Source),
                TargetSet t => Entry("target set", null, null, t.Target.Describe(unit), t.Actor, t.Source),
                TargetAdjusted a => Entry("target adjusted", null, a.PreviousTarget.Describe(unit), a.Target.Describe(unit), a.Actor,
                    $"{a.Reason}（{a.LegalBasis}，自 {a.EffectiveFrom:yyyy-MM-dd} 起）"),
                ValueReported r => Entry("reported", r.Period.ToString(), Standing(r.Period), Figure(r.Value), r.Actor, r.Note),
                ValueCorrected c => Entry("corrected", c.Period.ToString(), Figure(c.PreviousValue), Figure(c.Value), c.Actor, c.Reason),
                ValueRetracted x => Entry("retracted", x.Period.ToString(), Figure(x.PreviousValue), null, x.Actor, x.Reason),
                ValueVerified v => Entry("verified", v.Period.ToString(), null, Figure(v.Value), v.Actor, v.Note),
                TaskDefined td => Entry("defined", null, null, td.Text, td.Actor, td.Source),
                TaskProgressReported p => Entry("progress", null, p.PreviousStatus.ToString(), p.Status.ToString(), p.Actor, p.Narrative),
                Items.OwnerReassigned o => Entry("owner reassigned", null, o.PreviousDepartment, o.Department, o.Actor,
                    $"{o.Reason}（{o.Basis}，自 {o.EffectiveFrom:yyyy-MM-dd} 起）".TrimStart()),
                Calendar.EscalationRaised x => Entry(Escalated(x.Stage), x.Period.ToString(), null, x.Department, x.Actor,
                    x.Level is null ? $"应于 {x.DueOn:yyyy-MM-dd} 前报送" : $"{x.LevelName ?? x.Level}应于 {x.DueOn:yyyy-MM-dd} 前办结"),
                Items.ItemClosed c => Entry("closed", null, null, null, c.Actor, c.Reason),
                Rounds.FigureSubmitted s => Entry("submitted", s.Period.ToString(), null, Figure(s.Value), s.Actor, null),
                Rounds.FigureApproved a => Entry($"approved ({a.Level})", a.Period.ToString(), null, Figure(a.Value), a.Actor, a.Note),
                Rounds.FigureSentBack b => Entry($"sent back ({b.Level})", b.Period.ToString(), null, null, b.Actor, b.Message),
                Rounds.FigureUnapproved u => Entry($"approval withdrawn ({u.Level})", u.Period.ToString(), null, null, u.Actor, u.Reason),
                Rounds.FigureExplained x => Entry("explained", x.Period.ToString(), null, string.Join(", ", x.Rules), x.Actor, x.Explanation),
                Rounds.WindowExceptionOpened w => Entry("entry reopened", w.Period.ToString(), null, $"{w.Until:yyyy-MM-dd HH:mm zzz}", w.Actor, w.Reason),
                Plans.PlanAdopted pa => Entry("plan adopted", null, null, pa.Title, pa.Actor, pa.AdoptedBy),
                _ => new HistoryEntry(e.Version, e.RecordedAt, e.Data.GetType().Name, null, null, null, null, null, null, null),
            });
        }
        return entries;
    }

    private static string Escalated(Calendar.EscalationStage stage) => stage switch
    {
        Calendar.EscalationStage.Reminder => "提醒 (reminder)",
        Calendar.EscalationStage.Urge => "催报 (urged)",
        Calendar.EscalationStage.Notice => "通报 (notice)",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
