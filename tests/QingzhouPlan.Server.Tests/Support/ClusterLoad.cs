using System.Collections.Concurrent;
using System.Net;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// Clients reporting through every silo of a cluster in turn, each report once, until stopped or out of reports.
/// Before a fault anything but 201 fails the load. Once a silo is named as disrupted (killed, stalled), 503 from
/// any silo is a refusal to resend, the disrupted silo's dropped connections end its clients (their last report
/// is in doubt, never acknowledged), and its server errors while it ends itself are counted, not fatal.
/// </summary>
public sealed class ClusterLoad
{
    private readonly ConcurrentQueue<ReportSlot> _slots;
    private readonly TaskCompletionSource<ServerProcess> _disrupted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Told by the workers themselves, not found by polling: at full speed the reports left would be gone by the next poll.
    private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;
    private int _dyingErrors;

    public ClusterLoad(IReadOnlyList<ServerProcess> silos, IEnumerable<ReportSlot> slots, int clients, int enough, string user)
    {
        _slots = new ConcurrentQueue<ReportSlot>(slots);
        _workers = Enumerable.Range(0, clients).Select(worker => Task.Run(() => Report(silos[worker % silos.Count], enough, user))).ToList();
    }

    public ConcurrentBag<ReportSlot> Acknowledged { get; } = [];

    public int Left => _slots.Count;

    public int DyingErrors => Volatile.Read(ref _dyingErrors);

    /// <summary>The first server error the disrupted silo answered, with what it logged.</summary>
    public string? FirstDyingError { get; private set; }

    /// <summary>Once this many reports are acknowledged (or the workers have ended); a worker's failure shows here.</summary>
    public async Task Enough(TimeSpan timeout)
    {
        await Task.WhenAny(_enough.Task, Task.WhenAll(_workers)).WaitAsync(timeout);
        _workers.Where(w => w.IsFaulted).ShouldBeEmpty();
    }

    public void Disrupt(ServerProcess silo) => _disrupted.SetResult(silo);

    public async Task Stop()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    private async Task Report(ServerProcess through, int enough, string user)
    {
        var clients = new Dictionary<string, HttpClient>();
        try
        {
            while (!_stop.IsCancellationRequested && _slots.TryDequeue(out var slot))
            {
                if (!clients.TryGetValue(slot.Department, out var client))
                    clients[slot.Department] = client = through.ClientAs($"{user}.{slot.Department}", slot.Department);
                try
                {
                    var response = await client.PostJson(slot.Url, slot.Body);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Acknowledged.Add(slot);
                        if (Acknowledged.Count >= enough)
                            _enough.TrySetResult();
                    }
                    else if (DisruptedIs(through) && (int)response.StatusCode >= 500)
                    {
                        if (Interlocked.Increment(ref _dyingErrors) == 1)
                            FirstDyingError = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{through.Tail}";
                    }
                    else if (!_disrupted.Task.IsCompleted || response.StatusCode != HttpStatusCode.ServiceUnavailable)
                        throw new InvalidOperationException(
                            $"{slot.Url} {slot.Period}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}; the silo logged:\n{through.Tail}");
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DisruptedIs(through))
                {
                    return;
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
                client.Dispose();
        }
    }

    private bool DisruptedIs(ServerProcess silo) => _disrupted.Task.IsCompleted && _disrupted.Task.Result == silo;
}
