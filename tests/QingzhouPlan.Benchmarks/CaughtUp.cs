using System.Diagnostics;
using Marten;
using QingzhouPlan.Server.TimeSeries;
using QingzhouPlan.Server.Transparency;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Waits until the server's work after a commit has taken every event recorded so far: the InfluxDB projection and
/// the transparency log. Reads timed right after a large write would otherwise share the cores with that catching-up
/// (tens of thousands of events for the deepest as-of plan), and its tail would land in some rounds and not others.
/// Then waits for the machine's cores to fall idle.
/// </summary>
public static class CaughtUp
{
    public static async Task<TimeSpan> Wait(IDocumentStore store, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var highest = await store.Storage.Database.FetchHighestEventSequenceNumber();
        while (true)
        {
            var projected = (await store.Advanced.AllProjectionProgress())
                .FirstOrDefault(s => s.ShardName.StartsWith(InfluxProjection.SubscriptionName + ":", StringComparison.Ordinal))?.Sequence ?? 0;
            await using var session = store.QuerySession();
            var logged = (await session.QueryAsync<long>(LogTables.CursorQuery(store))).SingleOrDefault();
            if (projected >= highest && logged >= highest)
                break;
            if (clock.Elapsed > limit)
            {
                Console.WriteLine($"   not caught up after {limit.TotalSeconds:0} s: projected {projected:N0}, logged {logged:N0} of {highest:N0} events");
                return clock.Elapsed;
            }
            await Task.Delay(200);
        }
        // Then the work the writes set off in the stores themselves (InfluxDB compacting, PostgreSQL's autovacuum):
        // the machine's cores mostly idle over a whole second.
        while (clock.Elapsed < limit)
        {
            var before = CoreTicks();
            await Task.Delay(1000);
            var after = CoreTicks();
            var busy = 1 - (double)(after.Idle - before.Idle) / (after.Total - before.Total);
            if (busy < 0.15)
                return clock.Elapsed;
        }
        Console.WriteLine($"   the cores were still busy after {limit.TotalSeconds:0} s");
        return clock.Elapsed;
    }

    // The machine's CPU time in clock ticks, all cores: the first line of /proc/stat (user nice system idle iowait …).
    private static (long Idle, long Total) CoreTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (fields[3] + fields[4], fields.Take(8).Sum());
    }
}
