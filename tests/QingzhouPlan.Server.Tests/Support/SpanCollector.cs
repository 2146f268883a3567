using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// Finished spans, safe to read while other threads are still ending theirs: spans end on the request's, the grain's
/// and the daemon's threads at once, and a plain list copied while one of them appends throws or loses items.
/// </summary>
public sealed class SpanCollector : BaseExporter<Activity>
{
    private readonly ConcurrentQueue<Activity> _finished = new();

    public IReadOnlyList<Activity> Finished => _finished.ToArray();

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var span in batch)
            _finished.Enqueue(span);
        return ExportResult.Success;
    }
}
