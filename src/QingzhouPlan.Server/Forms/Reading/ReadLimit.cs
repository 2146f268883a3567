using System.Diagnostics;

namespace QingzhouPlan.Server.Forms.Reading;

/// <summary>
/// When a read must stop: its time is up (<see cref="TimeoutException"/>) or its caller gave up. The time is
/// read from the clock as the read goes, not left to a timer, which a busy thread pool can fire late.
/// </summary>
public readonly record struct ReadLimit(long Deadline, CancellationToken Cancellation)
{
    public static ReadLimit Within(TimeSpan time, CancellationToken cancellationToken) =>
        new(Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency), cancellationToken);

    public void Check()
    {
        Cancellation.ThrowIfCancellationRequested();
        if (Stopwatch.GetTimestamp() > Deadline)
            throw new TimeoutException("the read of an uploaded file ran out of time");
    }
}
