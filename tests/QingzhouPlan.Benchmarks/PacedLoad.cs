using System.Diagnostics;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// A steady load: the i-th report leaves at i / rate seconds on the clock given, whether or not earlier ones have
/// been answered, so a slow answer does not slow the load down (as a closed loop of clients would).
/// </summary>
public static class PacedLoad
{
    /// <summary>Sends <paramref name="reports"/> reports at <paramref name="rate"/> a second; done when every one is answered.</summary>
    public static async Task Send(double rate, int reports, Stopwatch clock, Func<int, Task> send)
    {
        var inFlight = new List<Task>(reports);
        for (var i = 0; i < reports; i++)
        {
            // Read the clock once: between a check and the subtraction it can pass the due time.
            if (TimeSpan.FromSeconds(i / rate) - clock.Elapsed is { Ticks: > 0 } wait)
                await Task.Delay(wait);
            var index = i;
            inFlight.Add(Task.Run(() => send(index)));
        }
        await Task.WhenAll(inFlight);
    }
}
