using System.Collections.Concurrent;
using Marten;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Reports that the system will accept, one per indicator and period of the plans given: each is new,
/// and year-to-date figures rise with the month whatever order they arrive in.
/// </summary>
public sealed class Slots
{
    private readonly ConcurrentQueue<Slot> _queue;

    private Slots(IEnumerable<Slot> slots) => _queue = new ConcurrentQueue<Slot>(slots);

    public int Remaining => _queue.Count;

    public static async Task<Slots> For(IDocumentStore store, IEnumerable<string> planIds)
    {
        var ids = planIds.ToArray();
        await using var session = store.QuerySession();
        var indicators = (await session.Query<IndicatorDocument>().Where(i => i.PlanId.IsOneOf(ids)).ToListAsync())
            .Where(d => !d.State.Targets.Entries.IsEmpty)
            .Select(d => IndicatorView.From(d.Id, d.State, new DateOnly(d.State.Definition!.PlanYear, 1, 1)));
        return new Slots(indicators.OrderBy(i => i.Id, StringComparer.Ordinal)
            .SelectMany(i => ReportingCalendar.PeriodsOf(i.Frequency, i.PlanYear).Select(p => new Slot(i.PlanId, i.Code, p.ToString(),
                i.Measure switch { MeasureKind.GrowthRate => 5m, MeasureKind.LevelRatio => 60m + p.LastMonth, _ => p.LastMonth * 10m }, i.Unit))));
    }

    /// <summary>The plans the next <paramref name="count"/> slots belong to, in the order they come.</summary>
    public IReadOnlyList<string> Upcoming(int count) => _queue.Take(count).Select(s => s.Plan).Distinct().ToList();

    public Slot Take() => _queue.TryDequeue(out var slot) ? slot : throw new InvalidOperationException("out of report slots: load more plan copies");
}

public sealed record Slot(string Plan, string Code, string Period, decimal Value, string Unit)
{
    public string Url => $"/api/plans/{Plan}/indicators/{Code}/reports";

    public object Body => new { reportId = $"bench-{Plan}-{Code}-{Period}", period = Period, value = Value, unit = Unit };
}
