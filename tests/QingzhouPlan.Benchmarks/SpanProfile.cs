using System.Collections.Concurrent;
using System.Diagnostics;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Where a report's time goes: the spans the server's traces already carry (HTTP request, grain call, the
/// appender's commit, Npgsql commands), recorded during one pass and summed by name. Concurrent requests
/// overlap, so the figures are time per report spent inside each kind of span, not shares of wall time.
/// </summary>
public sealed class SpanProfile : IDisposable
{
    private readonly ConcurrentDictionary<string, (long Count, double Milliseconds)> _spans = new();
    private readonly ActivityListener _listener;

    public SpanProfile()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Microsoft.Orleans.Application" or "Npgsql" or "QingzhouPlan",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _spans.AddOrUpdate(Name(activity), (1, activity.Duration.TotalMilliseconds),
                (_, sum) => (sum.Count + 1, sum.Milliseconds + activity.Duration.TotalMilliseconds)),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Grain calls are named by method; Npgsql commands by their first words (INSERT INTO mt_events, …).</summary>
    private static string Name(Activity activity) => activity.Source.Name switch
    {
        "Microsoft.AspNetCore" => "HTTP request",
        "Npgsql" => "SQL " + string.Join(' ', (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement") ?? activity.DisplayName)
            .ToString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)),
        "Microsoft.Orleans.Application" => $"grain {activity.DisplayName} ({activity.Kind.ToString().ToLowerInvariant()})",
        _ => activity.DisplayName,
    };

    /// <summary>The spans that took the most time, as "name: ms per report (per span × spans per report)".</summary>
    public string Summary(int reports, int top = 8, string prefix = "") => string.Join("; ", _spans
        .Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal))
        .OrderByDescending(s => s.Value.Milliseconds)
        .Take(top)
        .Select(s => $"{s.Key}: {s.Value.Milliseconds / reports:0.00} ms ({s.Value.Milliseconds / s.Value.Count:0.00} ms × {(double)s.Value.Count / reports:0.##})"));

    public void Dispose() => _listener.Dispose();
}
