using QingzhouPlan.Server.Items;
using System.Net.Http.Json;
using System.Collections.Concurrent;
using Marten;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Server.Plans;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Reports that the system will accept, one per indicator and period of the plans given: each is new, and on track
/// (growth 5.5%, other figures the target's share of the year so far, rounded up), so year-to-date figures rise with the
/// month whatever order they arrive in and no soft rule asks for a 上报说明. Plan by plan, items in turn.
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
            .Select(d => IndicatorView.From(d.Id, d.State, new DateOnly(d.State.Definition!.PlanYear, 1, 1)))
            .Select(i => new Indicator(i.Id, i.PlanId, i.Code, i.PlanYear, i.Frequency, i.Measure, i.Unit, i.Targets[0].Target.Value));
        return From(indicators);
    }

    /// <summary>The same, read over HTTP from a server whose store this process cannot open.</summary>
    public static async Task<Slots> Over(HttpClient viewer, IEnumerable<string> planIds)
    {
        var indicators = new List<Indicator>();
        foreach (var plan in planIds)
            foreach (var i in (await viewer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/plans/{plan}/indicators")).EnumerateArray())
                if (i.GetProperty("targets").GetArrayLength() > 0)
                    indicators.Add(new Indicator(i.GetProperty("id").GetString()!, plan, i.GetProperty("code").GetString()!, i.GetProperty("planYear").GetInt32(),
                        Enum.Parse<Frequency>(i.GetProperty("frequency").GetString()!), Enum.Parse<MeasureKind>(i.GetProperty("measure").GetString()!),
                        i.GetProperty("unit").GetString()!, i.GetProperty("targets")[0].GetProperty("target").GetProperty("value").GetDecimal()));
        return From(indicators);
    }

    private sealed record Indicator(string Id, string PlanId, string Code, int PlanYear, Frequency Frequency, MeasureKind Measure, string Unit, decimal Target);

    // Items in turn — the first period of every indicator of a plan, then the second, … — as departments report
    // at a period's end; concurrent reports then go to different items rather than queueing on one grain.
    private static Slots From(IEnumerable<Indicator> indicators)
    {
        var perIndicator = indicators.OrderBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => ReportingCalendar.PeriodsOf(i.Frequency, i.PlanYear).Select(p => new Slot(i.PlanId, i.Code, p.ToString(),
                i.Measure switch
                {
                    MeasureKind.GrowthRate => 5.5m,
                    MeasureKind.LevelRatio => 60m + p.LastMonth,
                    _ => Math.Ceiling(i.Target * p.LastMonth / 12m),
                }, i.Unit)).ToList())
            .GroupBy(slots => slots[0].Plan)
            .ToList();
        var ordered = new List<Slot>();
        foreach (var plan in perIndicator)
        {
            var items = plan.ToList();
            for (var round = 0; items.Any(p => round < p.Count); round++)
                ordered.AddRange(items.Where(p => round < p.Count).Select(p => p[round]));
        }
        return new Slots(ordered);
    }

    /// <summary>The plans the next <paramref name="count"/> slots belong to, in the order they come.</summary>
    public IReadOnlyList<string> Upcoming(int count) => _queue.Take(count).Select(s => s.Plan).Distinct().ToList();

    /// <summary>The slots split by the department that reports them (a batch goes as one department's).</summary>
    public IReadOnlyDictionary<string, Slots> ByOwner(IReadOnlyDictionary<string, string> ownerOfCode) =>
        _queue.GroupBy(s => ownerOfCode[s.Code]).ToDictionary(g => g.Key, g => new Slots(g));

    /// <summary>The next slots, left in place: for calls that record nothing (the ceilings).</summary>
    public IReadOnlyList<Slot> Peek(int count) => _queue.Take(count).ToList();

    public Slot Take() => _queue.TryDequeue(out var slot) ? slot : throw new InvalidOperationException("out of report slots: load more plan copies");
}

public sealed record Slot(string Plan, string Code, string Period, decimal Value, string Unit)
{
    public string Url => $"/api/plans/{Plan}/indicators/{Code}/reports";

    public object Body => new { reportId = $"bench-{Plan}-{Code}-{Period}", period = Period, value = Value, unit = Unit };
}
