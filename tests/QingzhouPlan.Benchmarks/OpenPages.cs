namespace QingzhouPlan.Benchmarks;

/// <summary>
/// Pages left open: connections to the change feed, each as a page holds one. Idle ones watch plans nobody is
/// writing to (they get only the heartbeat and renew their observer); live ones watch the plans being written and
/// read every change. Open until disposed.
/// </summary>
public sealed class OpenPages : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private long _changes;

    private OpenPages(string baseUrl, string token)
    {
        // One connection per page, as browsers hold them; a handler's default allows as many as asked.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    /// <summary>Changes the live pages have read so far.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>Opens the pages and returns once every one has had the feed's "ready".</summary>
    public static async Task<OpenPages> Open(string baseUrl, string token, IReadOnlyList<string> idlePlans, int idle, IReadOnlyList<string> livePlans, int live)
    {
        var pages = new OpenPages(baseUrl, token);
        var ready = new CountdownEvent(idle + live);
        // Opened a few at a time, as pages are over a morning: a thousand at once only measures the accept queue.
        var opening = new SemaphoreSlim(32);
        for (var i = 0; i < idle + live; i++)
        {
            var (plan, counts) = i < idle ? (idlePlans[i % idlePlans.Count], false) : (livePlans[i % livePlans.Count], true);
            await opening.WaitAsync();
            pages._readers.Add(Task.Run(() => pages.Read(plan, counts, ready, opening)));
        }
        if (!await Task.Run(() => ready.Wait(TimeSpan.FromMinutes(2))))
            throw new TimeoutException($"only {idle + live - ready.CurrentCount} of {idle + live} pages connected to the change feed");
        return pages;
    }

    private async Task Read(string plan, bool counts, CountdownEvent ready, SemaphoreSlim opening)
    {
        var signalled = false;
        try
        {
            using var response = await _http.GetAsync($"/api/plans/{plan}/changes", HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (!signalled && line.StartsWith("event: ready", StringComparison.Ordinal))
                {
                    signalled = true;
                    ready.Signal();
                    opening.Release();
                }
                else if (counts && line.StartsWith("event: change", StringComparison.Ordinal))
                    Interlocked.Increment(ref _changes);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closed by the benchmark.
        }
        catch (Exception ex) when (!signalled)
        {
            // Counted as not connected: Open's wait runs out and says how many did.
            Console.WriteLine($"a page did not connect: {ex.Message}");
            opening.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers);
        _http.Dispose();
        _stop.Dispose();
    }
}
