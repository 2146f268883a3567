using System.Diagnostics;
using Marten;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// As-of reports timed at 100 random instants of the year, and the same for one plan whose items each carry
/// ten times the history of another's (every figure revised again and again), so the cost of depth shows
/// apart from the cost of more plans.
/// </summary>
public static class AsOfDepth
{
    public sealed record Latencies(double P50, double P95);

    public static async Task<Latencies> Measure(HttpClient auditor, string planId, string period = "2024-06")
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2024, 1, 20, 0, 0, 0, TimeSpan.FromHours(8));
        var latencies = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var at = start.AddMinutes(random.Next(0, 365 * 24 * 60)).ToString("yyyy-MM-ddTHH:mm:sszzz");
            var one = Stopwatch.GetTimestamp();
            var response = await auditor.GetAsync($"/api/plans/{planId}/reports/{period}?asOf={Uri.EscapeDataString(at)}");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }
        return new Latencies(Benchmarks.Measure.Percentile(latencies, 50), Benchmarks.Measure.Percentile(latencies, 95));
    }

    /// <summary>Events in the plan's item streams, and how many items.</summary>
    public static async Task<(int Events, int Items)> History(IDocumentStore store, string planId)
    {
        await using var session = store.QuerySession();
        var prefix = $"{planId}/";
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith(prefix)).CountAsync();
        var streams = await session.Query<QingzhouPlan.Server.Items.IndicatorDocument>().CountAsync(i => i.PlanId == planId)
            + await session.Query<QingzhouPlan.Server.Items.TaskDocument>().CountAsync(t => t.PlanId == planId);
        return (events, streams);
    }
}
