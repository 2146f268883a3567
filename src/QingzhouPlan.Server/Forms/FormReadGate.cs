using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// Reading an uploaded file is the one cost an uploader controls, so it is rationed: one file at a time per
/// user, <see cref="FormLimits.ConcurrentReads"/> on the server, each given up after <see cref="FormLimits.ReadTime"/>.
/// Every read is counted by how it ended (qingzhouplan.forms.reads) and timed.
/// </summary>
public sealed class FormReadGate(IOptions<FormLimits> options)
{
    private static readonly Counter<long> Reads = Telemetry.Meter.CreateCounter<long>("qingzhouplan.forms.reads", description: "Uploaded files read, by outcome");
    private static readonly Histogram<double> Seconds = Telemetry.Meter.CreateHistogram<double>("qingzhouplan.forms.read.duration", "s", "Time to read an uploaded file");

    private readonly FormLimits _limits = options.Value;
    private readonly SemaphoreSlim _server = new(options.Value.ConcurrentReads);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _users = new(StringComparer.Ordinal);

    /// <summary>The file as read, or a reading that says why not; <see cref="FormsBusy"/> when no turn came within <paramref name="patience"/>.</summary>
    public async Task<FormReading> Read(byte[] file, string user, TimeSpan patience, CancellationToken cancellationToken)
    {
        var mine = _users.GetOrAdd(user, _ => new SemaphoreSlim(1));
        var waited = Stopwatch.StartNew();
        if (!await mine.WaitAsync(patience, cancellationToken))
            throw Busy("user");
        try
        {
            if (!await _server.WaitAsync(Remaining(patience, waited), cancellationToken))
                throw Busy("server");
            try
            {
                return await ReadInTime(file, cancellationToken);
            }
            finally
            {
                _server.Release();
            }
        }
        finally
        {
            mine.Release();
        }
    }

    private async Task<FormReading> ReadInTime(byte[] file, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var reading = await Task.Run(() => FormReader.Read(file, _limits, cancellationToken), cancellationToken);
            Count(reading.Header is null ? "refused" : "read", clock);
            return reading;
        }
        catch (TimeoutException)
        {
            Count("timeout", clock);
            return FormReading.Failed($"文件在 {_limits.ReadTime.TotalSeconds:0.###} 秒内没有读完，拒收；请只保留报表模板中的工作表，另存为 .xlsx 后重新上传");
        }
    }

    private static void Count(string outcome, Stopwatch clock)
    {
        Reads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        Seconds.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    private static TimeSpan Remaining(TimeSpan patience, Stopwatch waited) =>
        patience - waited.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private static FormsBusy Busy(string who)
    {
        Reads.Add(1, new KeyValuePair<string, object?>("outcome", $"busy-{who}"));
        return new FormsBusy(who == "user"
            ? "another of your forms is still being read; retry when it is done"
            : "the server is reading other forms; retry shortly");
    }
}
