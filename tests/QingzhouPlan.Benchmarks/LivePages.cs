using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// How fast a committed report reaches the pages people watch. Fifty open pages are fifty live connections
/// to the change feed (what each page holds open), spread over the plans being written; one of them is a
/// real headless Chromium on the overview, whose redraws are timed in the page itself. Under a paced load,
/// each report's acknowledgement is matched to its arrival on every page watching its plan.
/// </summary>
public static class LivePages
{
    public sealed record Result(double P50, double P99, int Samples, int Missing, double RenderP50, double RenderP99, int Renders);

    public static async Task<Result> Measure(
        string baseUrl, string token, int pages, double rate, TimeSpan duration, Slots slots, Func<Slot, Task<HttpResponseMessage>> post)
    {
        var reports = Math.Min((int)(rate * duration.TotalSeconds), slots.Remaining);
        // The pages watch the plans the coming reports are for (each report goes to one plan copy).
        var plans = slots.Upcoming(reports);
        if (plans.Count == 0)
            throw new InvalidOperationException("out of report slots for the live pages: load more plan copies");
        var clock = Stopwatch.StartNew();
        var arrivals = new ConcurrentDictionary<(int Page, string Item, long Version), double>();
        using var stop = new CancellationTokenSource();
        var ready = new CountdownEvent(pages);
        var readers = Enumerable.Range(0, pages).Select(page => Task.Run(() => Read(page, plans[page % plans.Count], baseUrl, token, clock, arrivals, ready, stop.Token))).ToList();
        if (!ready.Wait(TimeSpan.FromSeconds(60)))
            throw new TimeoutException("the pages did not all connect to the change feed");
        using var browser = Chromium(baseUrl, token, plans[0]);
        ((IJavaScriptExecutor)browser).ExecuteScript(
            "window.__renders = []; new MutationObserver(() => window.__renders.push(Date.now())).observe(document.getElementById('main'), { childList: true });");

        var acks = new ConcurrentBag<(string Plan, string Item, long Version, double At, long Wall)>();
        await PacedLoad.Send(rate, reports, clock, async _ =>
        {
            var slot = slots.Take();
            var response = await post(slot);
            response.EnsureSuccessStatusCode();
            var version = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
            acks.Add((slot.Plan, $"{slot.Plan}/{slot.Code}", version, clock.Elapsed.TotalMilliseconds, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        });
        // Let the last pushes land, then close the pages.
        var watching = acks.SelectMany(a => Enumerable.Range(0, pages).Where(p => plans[p % plans.Count] == a.Plan).Select(p => (p, a))).ToList();
        var waitUntil = clock.Elapsed + TimeSpan.FromSeconds(10);
        while (clock.Elapsed < waitUntil && watching.Any(w => !arrivals.ContainsKey((w.p, w.a.Item, w.a.Version))))
            await Task.Delay(50);
        var recorded = ((IJavaScriptExecutor)browser).ExecuteScript("return window.__renders;") as IReadOnlyCollection<object?> ?? [];
        var renders = recorded.Select(r => Convert.ToInt64(r)).Order().ToList();
        stop.Cancel();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { })));

        var latencies = watching.Where(w => arrivals.ContainsKey((w.p, w.a.Item, w.a.Version)))
            .Select(w => Math.Max(0, arrivals[(w.p, w.a.Item, w.a.Version)] - w.a.At)).ToList();
        var renderLatencies = acks.Where(a => a.Plan == plans[0])
            .Select(a => renders.FirstOrDefault(r => r >= a.Wall) is var r and > 0 ? (double)(r - a.Wall) : double.NaN)
            .Where(l => !double.IsNaN(l)).ToList();
        return new Result(Benchmarks.Measure.Percentile(latencies, 50), Benchmarks.Measure.Percentile(latencies, 99), latencies.Count,
            watching.Count - latencies.Count, Benchmarks.Measure.Percentile(renderLatencies, 50), Benchmarks.Measure.Percentile(renderLatencies, 99), renderLatencies.Count);
    }

    /// <summary>The page's weight (raw and gzip) and the time from navigation to the overview drawn, signed in.</summary>
    public static async Task<(long Bytes, long Gzipped, double FirstRenderMs)> Weight(string baseUrl, string token, string plan)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        long bytes = 0, gzipped = 0;
        foreach (var path in new[] { "/", "/app.js", "/app.css" })
        {
            var content = await http.GetByteArrayAsync(path);
            bytes += content.Length;
            using var buffer = new MemoryStream();
            await using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
                await gzip.WriteAsync(content);
            gzipped += buffer.Length;
        }
        var timings = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            using var browser = Chromium(baseUrl, token, plan, measure: timings);
        }
        return (bytes, gzipped, Benchmarks.Measure.Percentile(timings, 50));
    }

    private static ChromeDriver Chromium(string baseUrl, string token, string plan, List<double>? measure = null)
    {
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Navigate().GoToUrl(baseUrl + "/dashboard/config");
        var session = JsonSerializer.Serialize(new { token, user = "bench.viewer", department = "tjj", role = "viewer" });
        ((IJavaScriptExecutor)driver).ExecuteScript("sessionStorage.setItem('qz.session', arguments[0])", session);
        var started = Stopwatch.StartNew();
        driver.Navigate().GoToUrl($"{baseUrl}/?plan={Uri.EscapeDataString(plan)}");
        var wait = new OpenQA.Selenium.Support.UI.WebDriverWait(driver, TimeSpan.FromSeconds(30)) { PollingInterval = TimeSpan.FromMilliseconds(10) };
        wait.Until(d => d.FindElements(By.Id("overview")).Count > 0);
        measure?.Add(started.Elapsed.TotalMilliseconds);
        return driver;
    }

    private static async Task Read(int page, string plan, string baseUrl, string token, Stopwatch clock,
        ConcurrentDictionary<(int, string, long), double> arrivals, CountdownEvent ready, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var response = await http.GetAsync($"/api/plans/{plan}/changes", HttpCompletionOption.ResponseHeadersRead, stop);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
        string? data = null;
        while (!stop.IsCancellationRequested && await reader.ReadLineAsync(stop) is { } line)
        {
            if (line.StartsWith("event: ready", StringComparison.Ordinal))
                ready.Signal();
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line[6..];
            else if (line.Length == 0 && data is not null)
            {
                var change = JsonDocument.Parse(data).RootElement;
                if (change.TryGetProperty("item", out var item))
                    arrivals.TryAdd((page, item.GetString()!, change.GetProperty("version").GetInt64()), clock.Elapsed.TotalMilliseconds);
                data = null;
            }
        }
    }
}
