using QingzhouPlan.Server.Items;
using Marten;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Rounds;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Plans;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// What a department's form for a month asks: every indicator period that ends in that month and that the
/// department owes (it owns the item on the period's last day, as known now), and every task it owns that
/// can still move. A figure already standing is filled in, so sending the form back unchanged changes nothing; its place
/// in the round is told beside it, in the words of the plan's approval levels.
/// </summary>
public sealed record FormContent(string Title, IReadOnlyList<FigureLine> Figures, IReadOnlyList<TaskLine> Tasks)
{
    public static async Task<FormContent?> Load(IQuerySession session, string planId, string department, Period round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<PlanDocument>(planId, cancellationToken) is not { State.Adopted: { } adopted } plan
            || !plan.State.Departments.TryGetValue(department, out var record))
            return null;
        var indicators = await session.Query<IndicatorDocument>().Where(d => d.PlanId == planId).ToListAsync(cancellationToken);
        var tasks = await session.Query<TaskDocument>().Where(d => d.PlanId == planId).ToListAsync(cancellationToken);
        var today = PlanClock.Today(now);
        return new FormContent(
            $"{adopted.Title}　{record.NameOn(round.LastDay)}",
            indicators.SelectMany(d => Due(d.State, department, round, now, plan.State.Round)).OrderBy(f => f.Code, StringComparer.Ordinal).ToList(),
            tasks.Where(d => d.State.OwnerOn(today, now) == department && !d.State.Closed && d.State.Status != TaskStatus.Done)
                .OrderBy(d => d.State.Definition!.Code, StringComparer.Ordinal)
                .Select(d => new TaskLine(d.State.Definition!.Code, d.State.Definition.Text, d.State.Status))
                .ToList());
    }

    internal static IEnumerable<FigureLine> Due(IndicatorState state, string department, Period round, DateTimeOffset now, RoundPolicy policy)
    {
        if (state.Definition is not { } d || state.Closed)
            yield break;
        var periods = ReportingCalendar.PeriodsOf(d.Frequency, d.PlanYear);
        for (var i = 0; i < periods.Count; i++)
        {
            var period = periods[i];
            if (!period.EndsWith(round) || state.OwnerFor(period, now) != department)
                continue;
            decimal? previous = i > 0 && state.Figures.TryGetValue(periods[i - 1], out var p) ? p.Value : null;
            decimal? standing = state.Figures.TryGetValue(period, out var s) ? s.Value : null;
            state.Approvals.TryGetValue(period, out var approval);
            var remark = approval is { Stage: ApprovalStage.SentBack, Message: { } message } ? $"退回意见：{message}"
                : state.Explanations.TryGetValue(period, out var explained) ? $"上报说明：{explained.Explanation}"
                : null;
            yield return new FigureLine(d.Code, d.Name, period, d.Unit, d.Source, previous, state.TargetFor(period)?.Target.Describe(d.Unit), standing,
                RoundStepDecision.Place(standing is not null, approval, policy), remark);
        }
    }
}
