using QingzhouPlan.Domain;
using System.Diagnostics;
using System.Net.Http.Json;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Benchmarks;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Demo;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;


namespace QingzhouPlan.Benchmarks;

// Benchmarks of the whole system against raw baselines measured in the same run. See docs/benchmarks.md.
//   dotnet run -c Release --project tests/QingzhouPlan.Benchmarks [-- --quick] [--only ingest,asof,...]
// --only runs some phases (document, raw, start, ingest, lag, log, page, asof, memory, rebuild, forms, hostile, silos): the raw baselines a
// chosen phase's ratio needs run with it; lag and page need the ingest phase's maximum. --keep leaves the run's
// store (schema and InfluxDB database bench_<time>) for inspection; otherwise it is dropped at the end.
public static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',');
        bool Runs(string phase) => only is null || only.Contains(phase)
            || (phase == "ingest" && (Runs("lag") || Runs("log") || Runs("page")));
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten") ?? "Host=127.0.0.1;Port=54329;Database=qingzhou;Username=qingzhou;Password=qingzhou";
        var influx = Environment.GetEnvironmentVariable("InfluxDb__Url") ?? "http://127.0.0.1:18086";
        var scale = quick ? 0.2 : 1.0;
        int Scaled(int n) => Math.Max(50, (int)(n * scale));
        var report = new Report();
        var total = Stopwatch.StartNew();

        Console.WriteLine("1. Raw baselines");
        var raw = new RawBaselines(connection, influx);
        var marten = new Dictionary<int, Measure.Run>();
        foreach (var writers in Runs("raw") || Runs("ingest") || Runs("forms") || Runs("silos") ? new[] { 1, 8, 32 } : [])
        {
            var pg = await raw.PostgresInserts(Scaled(writers == 1 ? 3000 : 8000), writers);
            report.Add("raw", $"PostgreSQL single-row INSERT, {writers} writer(s)", $"{Report.N(pg.PerSecond)} rows/s");
            marten[writers] = await raw.MartenAppends(Scaled(writers == 1 ? 2000 : 6400), writers);
            report.Add("raw", $"Marten append, 1 event/transaction, {writers} writer(s)", $"{Report.N(marten[writers].PerSecond)} events/s",
                $"{marten[writers].PerSecond / pg.PerSecond:0.00}× PostgreSQL inserts");
        }
        // The server's connections prepare repeated statements; bare Marten with the same driver setting shows how
        // much of that gain any Marten application would get.
        Measure.Run? preparedMarten = null;
        if (Runs("raw") || Runs("ingest"))
        {
            preparedMarten = await raw.MartenAppends(Scaled(6400), 32, prepared: true);
            report.Add("raw", "Marten append, 1 event/transaction, 32 writer(s), statements auto-prepared as the server's",
                $"{Report.N(preparedMarten.PerSecond)} events/s", $"{preparedMarten.PerSecond / marten[32].PerSecond:0.00}× unprepared");
        }
        var influxRaw = new Dictionary<int, Measure.Run>();
        foreach (var writers in Runs("raw") || Runs("rebuild") ? new[] { 1, 4 } : [])
        {
            influxRaw[writers] = await raw.InfluxWrites(Scaled(200_000), writers, "bench_raw_lines");
            report.Add("raw", $"InfluxDB line protocol, 5,000-line batches, {writers} writer(s)", $"{Report.N(influxRaw[writers].PerSecond)} points/s");
        }

        if (Runs("document"))
        {
            Console.WriteLine("Report documents");
            foreach (var copies in new[] { 1, 10 })
            {
                var render = Documents.Measure(copies);
                var what = copies == 1 ? "seed plan" : "a plan ten times its size";
                report.Add("document", $"full-year document, {what} ({render.Items} items, {Report.N(render.Events)} events): build from events",
                    $"{Report.N(render.BuildMs, 1)} ms");
                report.Add("document", $"… PDF ({render.Pages} pages, {Report.N(render.PdfBytes / 1024.0)} KB)", $"{Report.N(render.PdfMs, 1)} ms");
                report.Add("document", $"… DOCX ({Report.N(render.DocxBytes / 1024.0)} KB)", $"{Report.N(render.DocxMs, 1)} ms");
            }
        }

        if (Runs("start"))
        {
            Console.WriteLine("2. Start to healthy");
            var startup = await Startup.Measure(connection, influx);
            report.Add("start", "process start → /health 200, empty store, plan loaded", $"{Report.N(startup.Milliseconds)} ms");
            report.Add("start", "resident memory when healthy", $"{Report.N(startup.ResidentMegabytes, 1)} MB");
        }

        var stamp = DateTime.UtcNow.ToString("MMddHHmmss");
        var plansForYear = quick ? 20 : 100;
        // Ingest, lag, the log and the live pages each use up report slots (one per indicator and period of a plan
        // copy, about 200 a copy): three repetitions of each ingest concurrency and the open-pages passes take about
        // 105,000 in a full run. The run prints how many were left.
        var plansForLoad = quick ? 150 : 660;
        // Of those, the last ones are kept for the batch route, whose requests each take one department's slots.
        var plansForBatches = quick ? 20 : 80;
        // Three more copies for history in depth: one scripted plainly, two with every figure revised often enough
        // for ten and a hundred times its events.
        var seeds = PlanCopies.Write(Path.Combine(Path.GetTempPath(), $"qz-bench-{stamp}"), plansForYear + plansForLoad + 3);
        var (shallowPlan, deepPlan, deepestPlan) = (PlanCopies.Id(plansForYear + plansForLoad + 1), PlanCopies.Id(plansForYear + plansForLoad + 2),
            PlanCopies.Id(plansForYear + plansForLoad + 3));
        // A department's form with 10,000 rows (2,000 with --quick); its plan loads with the others.
        var formRows = quick ? 2_000 : 10_000;
        FormImports.WritePlan(seeds, formRows);
        Console.WriteLine($"3. Server with {plansForYear + plansForLoad} copies of the 2024 plan");
        var loading = Stopwatch.StartNew();
        await using var host = new BenchHost($"bench_{stamp}", seeds, influx, PlanCopies.Id(plansForYear + 1));
        host.StartServer();
        report.Add("start", $"start with {plansForYear + plansForLoad} plans to load (≈{(plansForYear + plansForLoad) * 290:N0} events)", $"{Report.N(loading.Elapsed.TotalSeconds, 1)} s");
        var minter = host.Services.GetRequiredService<TokenMinter>();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        HttpClient Client(string department, string role)
        {
            var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", minter.Mint($"bench.{role}", department, [role], plans: ["*"]));
            return client;
        }
        var loadPlans = Enumerable.Range(plansForYear + 1, plansForLoad - plansForBatches).Select(PlanCopies.Id).ToList();
        var slots = await Slots.For(store, loadPlans);
        var owners = (await store.QuerySession().Query<QingzhouPlan.Server.Items.IndicatorDocument>().Where(i => i.PlanId == loadPlans[0]).ToListAsync())
            .ToDictionary(i => i.State.Definition!.Code, i => i.State.Definition!.OwnerDepartment);
        var clients = owners.Values.Distinct().ToDictionary(d => d, d => Client(d, Roles.Reporter));
        var batchSlots = (await Slots.For(store, Enumerable.Range(plansForYear + plansForLoad - plansForBatches + 1, plansForBatches).Select(PlanCopies.Id))).ByOwner(owners);
        var batchOwners = batchSlots.OrderByDescending(s => s.Value.Remaining).Select(s => s.Key).ToList();

        static async Task Send(HttpClient client, string url, object body)
        {
            var response = await client.PostAsJsonAsync(url, body);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Task Post(Slot slot) => Send(clients[owners[slot.Code]], slot.Url, slot.Body);

        // One department's next figures of one plan copy (up to 100), as its system would send them; every one must be recorded.
        var batchReports = 0;
        async Task SendBatch(string department)
        {
            var pool = batchSlots[department];
            List<Slot> batch;
            lock (pool)
            {
                batch = [pool.Take()];
                while (batch.Count < 100 && pool.Peek(1) is [{ } next] && next.Plan == batch[0].Plan)
                    batch.Add(pool.Take());
            }
            var response = await clients[department].PostAsJsonAsync($"/api/plans/{batch[0].Plan}/report-batches",
                new { reports = batch.Select(s => new { indicator = s.Code, reportId = $"bench-{s.Plan}-{s.Code}-{s.Period}", period = s.Period, value = s.Value, unit = s.Unit }) });
            var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            if (!response.IsSuccessStatusCode || answer.GetProperty("committed").GetInt32() != batch.Count)
                throw new InvalidOperationException($"batch of {batch.Count}: {(int)response.StatusCode} {answer}");
            Interlocked.Add(ref batchReports, batch.Count);
        }

        var best = 0d;
        if (Runs("ingest"))
        {
            Console.WriteLine("4. Full-stack ingest");
            // Unmeasured first: until the write path's code is compiled to its final tier, the JIT takes a quarter
            // of the CPU (sampled with perf: libclrjit and the tiered-compilation thread), which is a cost of the
            // process's first minute, not of a report.
            await Measure.Throughput(Scaled(2400), 32, _ => Post(slots.Take()));
            // 8 and 32 clients send as many reports as their Marten baselines append: phases of a few seconds measure
            // the warm-up more than the path (docs/benchmarks.md). Each concurrency runs three times, alternating
            // bare Marten, the two ceilings and the write path, so every ratio has a spread (min / median / max).
            var ceilingSlots = slots.Peek(2000);
            Task Ceiling(string route, int i)
            {
                var slot = ceilingSlots[i % ceilingSlots.Count];
                return Send(clients[owners[slot.Code]], $"{route}/{slot.Plan}/{slot.Code}", slot.Body);
            }
            foreach (var concurrency in new[] { 1, 8, 32 })
            {
                var count = Scaled(concurrency == 1 ? 600 : 6400);
                var rounds = new List<(Measure.Run Marten, Measure.Run Http, Measure.Run Grain, Measure.Run Ingest, CpuTime Cpu, CpuTime MartenCpu)>();
                for (var repetition = 0; repetition < 3; repetition++)
                {
                    CpuTime? martenUsed = null;
                    var bare = await raw.MartenAppends(Scaled(concurrency == 1 ? 2000 : 6400), concurrency, used: c => martenUsed = c);
                    var http = await Measure.Throughput(count, concurrency, i => Ceiling(CeilingEndpoints.Http, i));
                    var grain = await Measure.Throughput(count, concurrency, i => Ceiling(CeilingEndpoints.Grain, i));
                    var cpu = CpuTime.Now();
                    var ingest = await Measure.Throughput(count, concurrency, _ => Post(slots.Take()));
                    var used = CpuTime.Now().Since(cpu);
                    Console.WriteLine($"   {concurrency} client(s), run {repetition + 1}: {Report.N(ingest.PerSecond)} reports/s; {used.Describe(ingest.Seconds)}");
                    rounds.Add((bare, http, grain, ingest, used, martenUsed!));
                    best = Math.Max(best, ingest.PerSecond);
                }
                var median = rounds.OrderBy(r => r.Ingest.PerSecond).ElementAt(1);
                report.Add("ceiling", $"(a) HTTP, JWT, body read into the command, answer; {concurrency} client(s)",
                    $"{Report.N(median.Http.PerSecond)} requests/s; p99 {median.Http.P(99):0.0} ms",
                    $"{Report.Spread(rounds.Select(r => r.Http.PerSecond / r.Marten.PerSecond))}× Marten appends");
                report.Add("ceiling", $"(b) the same and one grain call with the report's arguments; {concurrency} client(s)",
                    $"{Report.N(median.Grain.PerSecond)} requests/s; p99 {median.Grain.P(99):0.0} ms",
                    $"{Report.Spread(rounds.Select(r => r.Grain.PerSecond / r.Http.PerSecond))}× ceiling (a)");
                report.Add("ingest", $"HTTP → grain → Marten, {concurrency} client(s) (median of 3)",
                    $"{Report.N(median.Ingest.PerSecond)} reports/s; p50 {median.Ingest.P(50):0.0} ms, p95 {median.Ingest.P(95):0.0} ms, p99 {median.Ingest.P(99):0.0} ms",
                    $"{Report.Spread(rounds.Select(r => r.Ingest.PerSecond / r.Marten.PerSecond))}× Marten appends ({concurrency} writers); "
                    + $"{Report.Spread(rounds.Select(r => r.Ingest.PerSecond / r.Grain.PerSecond))}× ceiling (b)"
                    + (concurrency == 32 && preparedMarten is not null ? $"; median {median.Ingest.PerSecond / preparedMarten.PerSecond:0.00}× prepared Marten" : ""));
                // Where the cores went, per report and per bare append: whether CPU is what stops the write path.
                report.Add("ingest", $"CPU per report, {concurrency} client(s), median run (against a bare Marten append of the same round)",
                    $"{median.Cpu.Per(median.Ingest.Operations)}; append: {median.MartenCpu.Per(median.Marten.Operations)}",
                    median.Cpu.Describe(median.Ingest.Seconds));
            }

            // Systems send figures in batches of 100 from one client, against the bare rows those figures cost.
            Console.WriteLine("4a. Batches");
            foreach (var senders in new[] { 1, 4 })
            {
                var batches = new List<(Measure.Run Rows, Measure.Run Batch, CpuTime RowsCpu, CpuTime BatchCpu)>();
                for (var repetition = 0; repetition < 3; repetition++)
                {
                    CpuTime? rowsCpu = null;
                    var rows = await raw.FigureRows(Scaled(3000), used: c => rowsCpu = c);
                    batchReports = 0;
                    var cpu = CpuTime.Now();
                    var batch = await Measure.Throughput(Scaled(3000) / 50, senders, i => SendBatch(batchOwners[i % batchOwners.Count]));
                    batches.Add((rows, batch with { Operations = batchReports }, rowsCpu!, CpuTime.Now().Since(cpu)));
                }
                var median = batches.OrderBy(b => b.Batch.PerSecond).ElementAt(1);
                report.Add("batch", $"POST report-batches, one department's figures of a plan (up to 100) each, {senders} client(s) (median of 3)",
                    $"{Report.N(median.Batch.PerSecond)} reports/s, {median.Batch.Operations / (double)median.Batch.LatenciesMs.Count:0} per batch; p99 {median.Batch.P(99):0} ms per batch",
                    $"{Report.Spread(batches.Select(b => b.Batch.PerSecond / b.Rows.PerSecond))}× the same rows bare in 100-figure transactions (1 client, {Report.N(median.Rows.PerSecond)} figures/s)");
                // Whether the cores stop the batch: CPU per figure, batched report against bare rows.
                report.Add("batch", $"CPU per figure, {senders} client(s), median run (against the bare rows of the same round)",
                    $"{median.BatchCpu.Per(median.Batch.Operations)}; bare rows: {median.RowsCpu.Per(median.Rows.Operations)}",
                    median.BatchCpu.Describe(median.Batch.Seconds));
            }

            // One more pass at 32 clients with every span recorded: where a report's time goes.
            using (var profile = new SpanProfile())
            {
                var profiled = Scaled(3200);
                await Measure.Throughput(profiled, 32, _ => Post(slots.Take()));
                report.Add("ingest", "where a report's time goes at 32 clients (time inside each kind of span, per report)", profile.Summary(profiled));
            }

            Console.WriteLine("4b. Plan summary");
            var viewer = Client("tjj", Roles.Viewer);
            var summaryLatencies = new List<double>();
            for (var i = 0; i < 100; i++)
            {
                var one = Stopwatch.GetTimestamp();
                var response = await viewer.GetAsync($"/api/plans/{loadPlans[0]}/summary");
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                summaryLatencies.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }
            report.Add("summary", $"GET plan summary of a plan with figures reported, 100 calls one after another",
                $"p50 {Measure.Percentile(summaryLatencies, 50):0.0} ms, p95 {Measure.Percentile(summaryLatencies, 95):0.0} ms");
        }

        if (Runs("lag"))
        {
            Console.WriteLine("5. Projection lag under steady load");
            await host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));
            foreach (var share in new[] { 0.5, 0.8 })
            {
                var lag = await ProjectionLag.Measure(best * share, TimeSpan.FromSeconds(quick ? 4 : 8), slots, Post, influx, host.Schema);
                report.Add("lag", $"ack → point queryable in InfluxDB at {share:P0} of max ingest ({Report.N(best * share)} reports/s)",
                    $"p50 {lag.P50:0} ms, p99 {lag.P99:0} ms ({lag.Samples} of {lag.Reports} reports watched)");
            }
        }

        if (Runs("log"))
        {
            Console.WriteLine("5a. Transparency log");
            var log = host.Services.GetRequiredService<QingzhouPlan.Server.Transparency.LogReader>();
            var sequencer = host.Services.GetRequiredService<QingzhouPlan.Server.Transparency.LogSequencer>();
            async Task<long> Posted(Slot slot)
            {
                var response = await clients[owners[slot.Code]].PostAsJsonAsync(slot.Url, slot.Body);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"{slot.Url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("version").GetInt64();
            }
            var delays = await LogBench.Measure(best * 0.8, TimeSpan.FromSeconds(quick ? 6 : 12), slots, Posted, log);
            report.Add("log", $"ack → leaf in the log at 80% of max ingest ({Report.N(best * 0.8)} reports/s)",
                $"p50 {delays.LeafP50:0} ms, p99 {delays.LeafP99:0} ms ({delays.Samples} of {delays.Reports} reports watched)");
            report.Add("log", "ack → in a signed checkpoint (one every 5 s while the tree grows)",
                $"p50 {delays.CheckpointP50:0} ms, p99 {delays.CheckpointP99:0} ms");
            // The write path with the sequencer beside it and without, one after the other on the same store.
            var ingest = new Dictionary<bool, Measure.Run>();
            foreach (var paused in new[] { true, false, true, false })
            {
                sequencer.Paused = paused;
                var run = await Measure.Throughput(Scaled(3200), 32, _ => Post(slots.Take()));
                ingest[paused] = ingest.TryGetValue(paused, out var earlier) && earlier.PerSecond > run.PerSecond ? earlier : run;
            }
            report.Add("log", "HTTP → grain → Marten, 32 clients, with the log sequencing (best of 2)",
                $"{Report.N(ingest[false].PerSecond)} reports/s; p99 {ingest[false].P(99):0.0} ms",
                $"{ingest[false].PerSecond / ingest[true].PerSecond:0.00}× with the sequencer paused ({Report.N(ingest[true].PerSecond)} reports/s, p99 {ingest[true].P(99):0.0} ms)");
            var auditor = Client("sjj", Roles.Auditor);
            var size = (await log.Checkpoints(CancellationToken.None))[^1].Size;
            var proofLatencies = new List<double>();
            var random = new Random(7);
            for (var i = 0; i < 200; i++)
            {
                var one = Stopwatch.GetTimestamp();
                (await auditor.GetAsync($"/api/log/proof/inclusion?index={random.NextInt64(size)}&size={size}")).EnsureSuccessStatusCode();
                proofLatencies.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }
            report.Add("log", $"GET inclusion proof, random leaf of {size:N0}, 200 calls one after another",
                $"p50 {Measure.Percentile(proofLatencies, 50):0.0} ms, p95 {Measure.Percentile(proofLatencies, 95):0.0} ms");
            var (leaves, perSecond) = await LogBench.Resequence(store, host.Schema);
            report.Add("log", $"sequencer logging a backlog of {leaves:N0} events from scratch", $"{Report.N(perSecond)} leaves/s");
            var million = quick ? 200_000 : 1_000_000;
            var (verifier, inProcess) = await LogBench.Verifier(million);
            report.Add("log", $"qzverify mirror: {million:N0} leaves from tiles on disk, every hash recomputed, checkpoint checked",
                $"{Report.N(verifier, 1)} s", $"{verifier / inProcess:0.0}× the same tree hashed in-process ({Report.N(inProcess, 1)} s)");
        }

        if (Runs("page"))
        {
            Console.WriteLine("5b. Live pages");
            var viewerToken = minter.Mint("bench.viewer", "tjj", [Roles.Viewer], plans: ["*"]);
            var (pageBytes, pageGzipped, firstRender) = await LivePages.Weight(host.BaseUrl, viewerToken, loadPlans[0]);
            report.Add("page", "page weight (index.html, app.js with ECharts, app.css)", $"{Report.N(pageBytes / 1024.0)} KiB, {Report.N(pageGzipped / 1024.0)} KiB gzipped");
            report.Add("page", "navigation → overview drawn, signed in, headless Chromium (median of 5)", $"{Report.N(firstRender)} ms");
            foreach (var share in new[] { 0.5, 0.8 })
            {
                var live = await LivePages.Measure(host.BaseUrl, viewerToken, 50, best * share, TimeSpan.FromSeconds(quick ? 4 : 8), slots,
                    slot => clients[owners[slot.Code]].PostAsJsonAsync(slot.Url, slot.Body));
                report.Add("page", $"ack → change on each of 50 open pages at {share:P0} of max ingest ({Report.N(best * share)} reports/s)",
                    $"p50 {live.P50:0} ms, p99 {live.P99:0} ms ({live.Samples} deliveries, {live.Missing} missing)");
                report.Add("page", $"ack → overview redrawn in Chromium (one of the pages) at {share:P0}",
                    $"p50 {live.RenderP50:0} ms, p99 {live.RenderP99:0} ms ({live.Renders} reports)");
            }

            // What open pages cost the write path: ingest at 32 clients without them and with 1,000 idle feeds (on the
            // plans the scripted years use later, written to by nobody now) and 50 live ones on the plans being written,
            // alternating three times.
            Console.WriteLine("5c. Many open pages");
            var idlePlans = Enumerable.Range(1, plansForYear).Select(PlanCopies.Id).ToList();
            var openRounds = new List<(Measure.Run Without, Measure.Run With, long Changes, CpuTime WithoutCpu, CpuTime WithCpu)>();
            // Opening a page activates its plan's grain; the plans each run writes are activated before it either way,
            // so that the run with pages is not spared activations the run without them pays for.
            var warmer = Client("tjj", Roles.Viewer);
            async Task Warm(IEnumerable<string> plans)
            {
                foreach (var plan in plans)
                    (await warmer.GetAsync($"/api/plans/{plan}/summary")).EnsureSuccessStatusCode();
            }
            for (var repetition = 0; repetition < 3; repetition++)
            {
                await Warm(slots.Upcoming(Scaled(3200)));
                var cpu = CpuTime.Now();
                var without = await Measure.Throughput(Scaled(3200), 32, _ => Post(slots.Take()));
                var withoutCpu = CpuTime.Now().Since(cpu);
                await Warm(slots.Upcoming(Scaled(3200)));
                await using var open = await OpenPages.Open(host.BaseUrl, viewerToken, idlePlans, 1000, slots.Upcoming(Scaled(3200)), 50);
                cpu = CpuTime.Now();
                var with = await Measure.Throughput(Scaled(3200), 32, _ => Post(slots.Take()));
                openRounds.Add((without, with, open.Changes, withoutCpu, CpuTime.Now().Since(cpu)));
            }
            var openMedian = openRounds.OrderBy(r => r.With.PerSecond / r.Without.PerSecond).ElementAt(1);
            report.Add("page", "HTTP → grain → Marten, 32 clients, with 1,000 idle change feeds and 50 live ones open (median of 3)",
                $"{Report.N(openMedian.With.PerSecond)} reports/s, p99 {openMedian.With.P(99):0} ms, against {Report.N(openMedian.Without.PerSecond)}, p99 {openMedian.Without.P(99):0} ms without; live pages read {Report.N(openMedian.Changes)} changes",
                $"{Report.Spread(openRounds.Select(r => r.With.PerSecond / r.Without.PerSecond))}× without");
            // The pages' readers run in this process too, as the ingest clients do: their share is counted here.
            report.Add("page", "CPU per report with the pages open and without, median run",
                $"{openMedian.WithCpu.Per(openMedian.With.Operations)} with; {openMedian.WithoutCpu.Per(openMedian.Without.Operations)} without",
                openMedian.WithCpu.Describe(openMedian.With.Seconds));
        }

        if (Runs("asof"))
        {
            Console.WriteLine("6. As-of reconstruction");
            var year = host.Services.GetRequiredService<ScriptedYear>();
            var clock = host.Services.GetRequiredService<SwitchableClock>();
            var auditor = Client("sjj", Roles.Auditor);
            var done = 0;
            var (firstP50, eventsPerReport) = (0.0, 0.0);
            foreach (var volume in new[] { 10, plansForYear })
            {
                var ids = Enumerable.Range(done + 1, volume - done).Select(PlanCopies.Id).ToList();
                var generating = Stopwatch.StartNew();
                var summary = await year.RunMany(ids, clock.Pin, TimeSpan.FromHours(1));
                clock.Release();
                done = volume;
                var events = await store.Storage.Database.FetchHighestEventSequenceNumber();
                report.Add("as-of", $"scripted year ×{volume} generated ({summary.Steps:N0} steps, {summary.Refused} refused)",
                    $"{Report.N(generating.Elapsed.TotalSeconds, 1)} s; store holds {events:N0} events");
                var latencies = await AsOfDepth.Measure(auditor, PlanCopies.Id(1));
                report.Add("as-of", $"full-plan report for 2024-06 at 100 random instants, scripted year ×{volume}",
                    $"p50 {latencies.P50:0.0} ms, p95 {latencies.P95:0.0} ms",
                    volume == 10 ? "" : $"p50 ×{latencies.P50 / firstP50:0.00} for ×{volume / 10} the events");
                if (volume == 10)
                    firstP50 = latencies.P50;
            }
            // The same year for three copies of the plan; the second and third revise each figure often enough that
            // their items carry about ten and a hundred times the first's events.
            var revisions = 0;
            var depths = new List<(string Plan, double PerItem)>();
            foreach (var (plan, deeper) in new[] { (shallowPlan, 10), (deepPlan, 100), (deepestPlan, 0) })
            {
                var summary = await year.RunMany([plan], clock.Pin, TimeSpan.FromHours(1), revisions);
                clock.Release();
                var (events, items) = await AsOfDepth.History(store, plan);
                report.Add("as-of", $"one plan's year, each figure revised {revisions} more times ({summary.Steps:N0} steps, {summary.Refused} refused)",
                    $"{(double)events / items:0.0} events per item");
                depths.Add((plan, (double)events / items));
                if (revisions == 0)
                {
                    var reports = summary.Accepted.GetValueOrDefault("report") + summary.Accepted.GetValueOrDefault("late report");
                    eventsPerReport = (double)events / reports;
                }
                revisions = (int)Math.Ceiling((deeper - 1) * eventsPerReport);
            }
            // Three rounds, the three depths in turn, so each ratio is taken between figures of the same minute; after
            // one unmeasured pass over each, since the first reads of a plan just written find little of it in
            // PostgreSQL's cache (in a quick run one such round put a p95 at ×7, the other two at ×1.2–1.4).
            var catching = await CaughtUp.Wait(store, TimeSpan.FromMinutes(5));
            Console.WriteLine($"   InfluxDB projection and transparency log caught up and the cores idle {catching.TotalSeconds:0.0} s after the plans were written");
            foreach (var (plan, _) in depths)
                await AsOfDepth.Measure(auditor, plan);
            var rounds = Enumerable.Range(0, 3).Select(_ => new List<AsOfDepth.Latencies>()).ToList();
            foreach (var (round, r) in rounds.Select((round, r) => (round, r)))
                foreach (var (plan, perItem) in depths)
                {
                    // Which process was busy in a round whose figures stand out.
                    var (cpu, wall) = (CpuTime.Now(), Stopwatch.StartNew());
                    round.Add(await AsOfDepth.Measure(auditor, plan));
                    Console.WriteLine($"   round {r + 1}, {perItem:0.0} events per item: p50 {round[^1].P50:0.0} ms, p95 {round[^1].P95:0.0} ms; "
                        + CpuTime.Now().Since(cpu).Describe(wall.Elapsed.TotalSeconds));
                }
            for (var depth = 0; depth < depths.Count; depth++)
            {
                var medianP95 = rounds.Select(r => r[depth].P95).Order().ElementAt(1);
                var medianP50 = rounds.Select(r => r[depth].P50).Order().ElementAt(1);
                report.Add("as-of", $"full-plan report for 2024-06 at 100 random instants, {depths[depth].PerItem:0.0} events per item (3 rounds)",
                    $"median p50 {medianP50:0.0} ms, p95 {medianP95:0.0} ms",
                    depth == 0 ? "" : $"p95 ×{Report.Spread(rounds.Select(r => r[depth].P95 / r[0].P95))} for ×{depths[depth].PerItem / depths[0].PerItem:0.0} the history per item");
            }
            // One more pass over each depth with its spans recorded: which statement the depth costs.
            foreach (var (plan, perItem) in depths)
            {
                using var profile = new SpanProfile();
                await AsOfDepth.Measure(auditor, plan);
                report.Add("as-of", $"where an as-of report's time goes, {perItem:0.0} events per item (time inside each kind of span, per report)", profile.Summary(100, top: 6));
            }
        }

        if (Runs("memory"))
        {
            Console.WriteLine("7. Memory with 10,000 active indicator grains");
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var keys = (await store.QuerySession().Query<QingzhouPlan.Server.Items.IndicatorDocument>().Select(i => i.Id).ToListAsync()).Take(10_000).ToList();
            // From no activations: every grain the earlier phases woke is collected first.
            await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            await Task.Delay(2000);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            await Measure.Throughput(keys.Count, 32, i => grains.GetGrain<IIndicatorGrain>(keys[i]).GetStatus());
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var resident = Startup.ResidentMegabytes();
            report.Add("memory", $"resident memory with {keys.Count:N0} active indicator grains (whole process, server and benchmark)", $"{Report.N(resident, 0)} MB",
                $"managed heap +{Report.N((heapAfter - heapBefore) / 1048576.0, 1)} MB for the activations, {(heapAfter - heapBefore) / 1024.0 / keys.Count:0.0} KB each");
        }

        if (Runs("rebuild"))
        {
            Console.WriteLine("8. Rebuild InfluxDB from the event store");
            // Three rebuilds, each followed by InfluxDB sent the rebuild's own points bare: the raw baseline's points
            // have two fields and 400 series, the rebuild's up to eight fields, strings among them, and a series per
            // item and period kind, so only the same points show what InfluxDB itself needs for them. The first
            // rebuild of a process also compiles the replay's code (perf showed the JIT at a quarter of the CPU).
            var runs = new List<(Rebuild.Result Rebuild, string Stages, Measure.Run Own, CpuTime OwnCpu, double OwnWall)>();
            for (var repetition = 0; repetition < 3; repetition++)
            {
                Rebuild.Result rebuild;
                string stages;
                using (var profile = new SpanProfile())
                {
                    rebuild = await Rebuild.Measure(Client("fgj", Roles.Admin), store, influx, host.Schema);
                    stages = profile.Summary(1, top: 12, prefix: "rebuild.");
                }
                var (ownCpu, ownWall) = (CpuTime.Now(), Stopwatch.StartNew());
                var own = await raw.InfluxLines(rebuild.Lines, "bench_raw_rebuilt");
                runs.Add((rebuild, stages, own, CpuTime.Now().Since(ownCpu), ownWall.Elapsed.TotalSeconds));
            }
            double PointsPerSecond(Rebuild.Result r) => r.Points / r.Seconds;
            var rebuildMedian = runs.OrderBy(r => PointsPerSecond(r.Rebuild) / r.Own.PerSecond).ElementAt(1);
            var first = runs[0];
            report.Add("rebuild", $"replay {first.Rebuild.Events:N0} events into a fresh InfluxDB ({first.Rebuild.Points:N0} points), 3 times (median)",
                $"{Report.N(rebuildMedian.Rebuild.Events / rebuildMedian.Rebuild.Seconds)} events/s, {Report.N(PointsPerSecond(rebuildMedian.Rebuild))} points/s; "
                + $"the first, compiling its code: {Report.N(PointsPerSecond(first.Rebuild))} points/s",
                $"{Report.Spread(runs.Select(r => PointsPerSecond(r.Rebuild) / r.Own.PerSecond))}× InfluxDB's own rate for these points; "
                + $"the first {PointsPerSecond(first.Rebuild) / first.Own.PerSecond:0.00}×; median {PointsPerSecond(rebuildMedian.Rebuild) / influxRaw[1].PerSecond:0.00}× raw line protocol (1 writer)");
            report.Add("rebuild", "InfluxDB line protocol, the rebuild's own points read back, 5,000-line batches, 1 writer (median run)",
                $"{Report.N(rebuildMedian.Own.PerSecond)} points/s");
            report.Add("rebuild", $"where the median rebuild's {Report.N(rebuildMedian.Rebuild.Seconds * 1000)} ms go (time inside each stage, summed; reading, mapping and writing overlap)",
                rebuildMedian.Stages);
            // Whether the cores were the ceiling: what each process used during the rebuild, and during InfluxDB's own run.
            report.Add("rebuild", "CPU during the median rebuild", rebuildMedian.Rebuild.Cpu.Describe(rebuildMedian.Rebuild.Seconds));
            report.Add("rebuild", "CPU while InfluxDB is sent the same points bare (its database made and dropped included)",
                rebuildMedian.OwnCpu.Describe(rebuildMedian.OwnWall));
        }

        if (Runs("forms"))
        {
            Console.WriteLine("9. Excel forms");
            var formSpans = new SpanProfile();
            var form = await FormImports.Measure(Client("gxj", Roles.Reporter), () => Post(slots.Take()));
            formSpans.Dispose();
            // The same rows bare, right after: what a form's commit can at best come near.
            var bareRows = await raw.FigureRows(form.Rows);
            report.Add("forms", $"template download, {form.Rows:N0} rows", $"{Report.N(form.TemplateMs)} ms");
            report.Add("forms", $"dry run of a {form.Rows:N0}-row form ({Report.N(form.Bytes / 1024.0)} KiB)", $"{Report.N(form.DryRunMs)} ms, {Report.N(form.Rows / form.DryRunMs * 1000)} rows/s");
            report.Add("forms", $"commit of the {form.Rows:N0}-row form: one transaction, {form.Rows:N0} streams, grains reloaded", $"{Report.N(form.CommitMs)} ms, {Report.N(form.Rows / form.CommitMs * 1000)} rows/s",
                $"{form.Rows / form.CommitMs * 1000 / marten[1].PerSecond:0.00}× Marten appends (1 writer); "
                + $"{form.Rows / form.CommitMs * 1000 / bareRows.PerSecond:0.00}× the same rows bare in 100-figure transactions ({Report.N(bareRows.PerSecond)} figures/s)");
            report.Add("forms", "the same form committed again (every row unchanged)", $"{Report.N(form.AgainMs)} ms");
            report.Add("forms", "where the form's time goes: download, dry run, commit and commit again (time inside each kind of span, per row)",
                formSpans.Summary(form.Rows));
            report.Add("forms", $"single reports of other items, one after another, while the {form.Rows:N0}-row form commits",
                $"{form.ReportsDuringCommitMs.Count} reports; p50 {Measure.Percentile(form.ReportsDuringCommitMs, 50):0} ms, p99 {Measure.Percentile(form.ReportsDuringCommitMs, 99):0} ms, slowest {Measure.Percentile(form.ReportsDuringCommitMs, 100):0} ms");
        }

        if (Runs("hostile"))
        {
            Console.WriteLine("9b. Hostile uploads");
            var hostile = await HostileUploads.Measure(connection, influx, quick ? 200 : 1_000);
            report.Add("hostile", $"{hostile.Run.Operations:N0} hostile uploads (every case of the tests, then seeded mutants), dry runs, 4 reporters, server heap capped at 1 GiB",
                $"{Report.N(hostile.Run.Seconds, 1)} s; p50 {hostile.Run.P(50):0} ms, p99 {hostile.Run.P(99):0} ms, slowest {hostile.Run.P(100):0} ms",
                $"answers {string.Join(", ", hostile.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key} ×{a.Value}"))}; server's peak memory {Report.N(hostile.PeakBytes / 1048576.0)} MiB; {(hostile.Survived ? "still healthy" : "DOWN")}");
        }

        if (Runs("silos"))
        {
            Console.WriteLine("10. Several silos");
            var redis = Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:16379";
            foreach (var silos in await ClusterIngest.Measure(connection, influx, redis, Scaled(2400)))
            {
                report.Add("silos", $"HTTP → grain → Marten, 32 clients through {silos.Silos} server process(es) on this machine",
                    $"{Report.N(silos.Run.PerSecond)} reports/s; p50 {silos.Run.P(50):0.0} ms, p99 {silos.Run.P(99):0.0} ms",
                    $"{silos.Run.PerSecond / marten[32].PerSecond:0.00}× Marten appends (32 writers)");
                if (silos.FailoverSeconds is { } failover)
                    report.Add("silos", $"kill -9 of the busier silo → {silos.Probes} new reports all written through the other ({silos.Refused} first refused with 503)", $"{failover:0.0} s");
            }
        }

        Console.WriteLine();
        // Each report takes a slot once; a full run that used them up would have failed, so this says how close it came.
        Console.WriteLine($"Report slots left unused: {slots.Remaining:N0}");
        Console.WriteLine($"Benchmark finished in {total.Elapsed.TotalMinutes:0.0} min on {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine(report.ToMarkdown());
        Directory.Delete(seeds, recursive: true);
        if (!args.Contains("--keep"))
        {
            await host.DisposeAsync();
            await Schemas.Drop(connection, influx, host.Schema);
        }
    }
}
