using Marten;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// One rebuild's replay of the store into an emptied InfluxDB, through the projection's own code: the events up
/// to a mark are read in pages of sequence numbers, and while one page is mapped the next is read and the last
/// written. Pages are written in order, so the position reported after each is one below which everything is in
/// InfluxDB. What the replay holds back (<see cref="ReplayHolding"/>) is written when it ends, however it ends.
/// </summary>
public sealed class EventReplay(
    IDocumentStore store, EventPages pages, ITimeSeriesWriter writer, ProjectionGate gate, int pageSize,
    ILogger<InfluxProjection> projectionLogger, ILogger logger)
{
    // `written` hears each position the replay has got through; `flushFailed` each failure to write the held
    // points at the end, which is retried until it succeeds or the server stops.
    public async Task Run(long mark, Func<long, Task> written, Func<Exception, Task> flushFailed, CancellationToken stopping)
    {
        var held = new HeldPointsWriter(writer, logger);
        ReplayHolding? holding = null;
        var through = 0L;
        // The page being written, and the position the replay has reached once it is.
        (Task Written, long Through)? writing = null;
        async Task Settle()
        {
            if (writing is not { } last)
                return;
            writing = null;
            await last.Written;
            holding!.Written(last.Through);
            through = last.Through;
            await written(through);
        }
        try
        {
            var projection = new InfluxProjection(writer, projectionLogger, gate);
            // The last versions and the first page are read at once, on two connections.
            var lastVersions = pages.LastVersions(mark, stopping);
            var next = pages.After(0, mark, pageSize, stopping);
            holding = new ReplayHolding(await lastVersions);
            while (true)
            {
                var page = await next;
                var more = page.Through < mark;
                if (more)
                    next = pages.After(page.Through, mark, pageSize, stopping);
                var session = store.LightweightSession();
                try
                {
                    IReadOnlyList<EventPoints> mapped;
                    using (StartStage("rebuild.map", page.Events.Count))
                        mapped = await projection.Map(page.Events, session, stopping);
                    var (passing, released) = holding.Pass(mapped, page.Through);
                    // Pages are written one after another, in order: the previous one must be through before this one goes.
                    await Settle();
                    writing = (WritePage(projection, held, passing, released, session, stopping), page.Through);
                }
                catch
                {
                    await session.DisposeAsync();
                    throw;
                }
                if (!more)
                    break;
            }
            await Settle();
        }
        catch (Exception ex)
        {
            // A page already on its way is still written, or left to the final flush, before the replay gives up.
            try
            {
                await Settle();
            }
            catch (Exception unwritten)
            {
                logger.LogError(unwritten, "The last page of the InfluxDB rebuild was not written");
            }
            logger.LogError(ex, "The InfluxDB rebuild stopped at event {Sequence}; the subscription goes on from there", through);
        }
        finally
        {
            // What the replay still holds is part of what it got through.
            await FlushUntilWritten(held, holding?.TakeRemaining() ?? [], flushFailed, stopping);
        }
    }

    private static async Task WritePage(
        InfluxProjection projection, HeldPointsWriter held, IReadOnlyList<EventPoints> passing, IReadOnlyList<SeriesChange.Write> released,
        IDocumentSession session, CancellationToken stopping)
    {
        await using (session)
        {
            using var stage = StartStage("rebuild.write", passing.Count);
            await projection.Write(passing, session, stopping);
            await held.WriteUntilAccepted(released, stopping);
            // Events set aside as dead letters are kept.
            await session.SaveChangesAsync(stopping);
        }
    }

    // Each stage of a page is a span of its own, so a trace of a rebuild shows whether reading, mapping or writing
    // holds it up (the benchmark prints their sums).
    internal static System.Diagnostics.Activity? StartStage(string name, int events) =>
        Infrastructure.Telemetry.Source.StartActivity(name)?.SetTag("events", events);

    private async Task FlushUntilWritten(HeldPointsWriter held, IReadOnlyList<SeriesChange.Write> points, Func<Exception, Task> failed, CancellationToken stopping)
    {
        for (var delay = TimeSpan.FromMilliseconds(250); !stopping.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                using var stage = StartStage("rebuild.final flush", points.Count);
                await held.Write(points, stopping);
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                await failed(ex);
                logger.LogError(ex, "Writing the rebuild's held points to InfluxDB failed; retrying in {Delay}", delay);
                await Task.Delay(delay, stopping);
            }
        }
    }
}
