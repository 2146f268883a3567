namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Writes the points a rebuild held back and let go (<see cref="ReplayHolding"/>), several batches at a time:
/// InfluxDB takes them faster so (raw line protocol here: about 2.4× with four writers against one). A batch
/// InfluxDB refuses — a 4xx that will not pass on retry — is sent point by point and each point refused is
/// reported rather than retried for ever; its event is not set aside, as the point may stand for several
/// events. Any other failure is thrown, or waited out: writing the same points again is harmless.
/// </summary>
public sealed class HeldPointsWriter(ITimeSeriesWriter writer, ILogger logger)
{
    private const int Batch = 5_000;
    private const int Writers = 4;

    // As the subscription does: InfluxDB being down holds the replay rather than ending it early.
    public async Task WriteUntilAccepted(IReadOnlyList<SeriesChange.Write> points, CancellationToken cancellationToken)
    {
        for (var delay = TimeSpan.FromMilliseconds(250); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks)))
        {
            try
            {
                await Write(points, cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("InfluxDB write of {Count} rebuilt points failed ({Error}); retrying in {Delay}", points.Count, ex.Message, delay);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    public async Task Write(IReadOnlyList<SeriesChange.Write> points, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
            return;
        await Parallel.ForEachAsync(points.Chunk(Batch), new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken },
            async (batch, ct) => await WriteOrReport(batch, ct));
    }

    private async Task WriteOrReport(SeriesChange.Write[] batch, CancellationToken cancellationToken)
    {
        try
        {
            await writer.ApplyAsync(batch, cancellationToken);
        }
        catch (HttpRequestException ex) when (InfluxProjection.IsRefusal(ex))
        {
            foreach (var write in batch)
            {
                try
                {
                    await writer.ApplyAsync([write], cancellationToken);
                }
                catch (HttpRequestException one) when (InfluxProjection.IsRefusal(one))
                {
                    logger.LogError("InfluxDB refused the rebuilt point {Measurement} {Tags} at {Time}: {Error}",
                        write.Measurement, write.Tags, write.Time, one.Message);
                }
            }
        }
    }
}
