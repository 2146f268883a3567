using System.Text;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Benchmarks;

/// <summary>What the parts underneath allow, measured in the same run: PostgreSQL inserts, Marten appends, InfluxDB writes.</summary>
public sealed class RawBaselines(string connectionString, string influxUrl)
{
    private static readonly ValueReported Sample = new(Period.Month(2024, 6), 14.2m, "r-1", 142000m, "万元", null, "月报",
        new ActedBy("gxj.reporter", "gxj", "0af7651916cd43dd8448eb211c80319c"));

    /// <summary>Single-row autocommit inserts of the shape of mt_events, one per statement, by W writers.</summary>
    public async Task<Measure.Run> PostgresInserts(int rows, int writers)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Sample);
        await Execute("DROP SCHEMA IF EXISTS bench_raw CASCADE; CREATE SCHEMA bench_raw; " +
            "CREATE TABLE bench_raw.events (seq_id bigserial primary key, id uuid not null, stream_id varchar not null, version bigint not null, " +
            "data jsonb not null, type varchar not null, timestamp timestamptz not null, unique (stream_id, version))");
        var source = NpgsqlDataSource.Create(connectionString);
        var run = await Measure.Throughput(rows, writers, async i =>
        {
            await using var command = source.CreateCommand(
                "INSERT INTO bench_raw.events (id, stream_id, version, data, type, timestamp) VALUES ($1, $2, $3, $4::jsonb, $5, $6)");
            command.Parameters.AddWithValue(Guid.NewGuid());
            command.Parameters.AddWithValue($"stream-{i}");
            command.Parameters.AddWithValue(1L);
            command.Parameters.AddWithValue(json);
            command.Parameters.AddWithValue("value_reported");
            command.Parameters.AddWithValue(DateTimeOffset.UtcNow);
            await command.ExecuteNonQueryAsync();
        });
        await source.DisposeAsync();
        return run;
    }

    /// <summary>
    /// Marten appends of one event per transaction under an expected version, by W writers on their own streams;
    /// with <paramref name="prepared"/>, Npgsql prepares repeated statements as the server's connections do.
    /// </summary>
    /// <param name="used">Told the CPU the appends used, read before the store closes its connections (a PostgreSQL backend that has exited is not counted).</param>
    public async Task<Measure.Run> MartenAppends(int events, int writers, bool prepared = false, Action<CpuTime>? used = null)
    {
        var schema = prepared ? $"bench_marten_{writers}_prepared" : $"bench_marten_{writers}";
        await Execute($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        using var store = DocumentStore.For(o =>
        {
            o.Connection(prepared
                ? new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString
                : connectionString);
            o.DatabaseSchemaName = schema;
            o.Events.StreamIdentity = StreamIdentity.AsString;
            o.Events.AppendMode = EventAppendMode.Rich;
            o.UseSystemTextJsonForSerialization(configure: j => j.Converters.Add(new PeriodJsonConverter()));
            o.AutoCreateSchemaObjects = AutoCreate.All;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var perWriter = events / writers;
        var latencies = new List<double>[writers];
        var cpu = CpuTime.Now();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            latencies[w] = new List<double>(perWriter);
            for (var version = 1; version <= perWriter; version++)
            {
                var one = System.Diagnostics.Stopwatch.GetTimestamp();
                await using var session = store.LightweightSession();
                session.Events.Append($"raw/{w}", version, Sample);
                await session.SaveChangesAsync();
                latencies[w].Add(System.Diagnostics.Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        used?.Invoke(CpuTime.Now().Since(cpu));
        return new Measure.Run(perWriter * writers, seconds, latencies.SelectMany(l => l).ToList());
    }

    /// <summary>
    /// The rows one committed figure costs, written bare from one client in transactions of 100 figures: the event,
    /// its stream's new version, a hash-chain link and the item's document — what a batch of reports can at best
    /// come near, with nothing deciding, checking or answering.
    /// </summary>
    public async Task<Measure.Run> FigureRows(int figures, int perTransaction = 100, Action<CpuTime>? used = null)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Sample);
        await Execute("DROP SCHEMA IF EXISTS bench_figures CASCADE; CREATE SCHEMA bench_figures; " +
            "CREATE TABLE bench_figures.events (seq_id bigserial primary key, id uuid not null, stream_id varchar not null, version bigint not null, " +
            "data jsonb not null, type varchar not null, timestamp timestamptz not null default now(), unique (stream_id, version)); " +
            "CREATE TABLE bench_figures.streams (id varchar primary key, version bigint not null); " +
            "CREATE TABLE bench_figures.links (seq_id bigint primary key, hash bytea not null); " +
            "CREATE TABLE bench_figures.documents (id varchar primary key, data jsonb not null)");
        await using var source = NpgsqlDataSource.Create(connectionString);
        var cpu = CpuTime.Now();
        var run = await Measure.Throughput(figures / perTransaction, 1, async t =>
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(connection, transaction);
            for (var i = 0; i < perTransaction; i++)
            {
                var n = t * perTransaction + i;
                var stream = $"figure-{n}";
                batch.BatchCommands.Add(Command("INSERT INTO bench_figures.events (id, stream_id, version, data, type) VALUES ($1, $2, 1, $3::jsonb, 'value_reported')",
                    Guid.NewGuid(), stream, json));
                batch.BatchCommands.Add(Command("INSERT INTO bench_figures.streams (id, version) VALUES ($1, 1) ON CONFLICT (id) DO UPDATE SET version = excluded.version", stream));
                batch.BatchCommands.Add(Command("INSERT INTO bench_figures.links (seq_id, hash) VALUES ($1, $2)", (long)n, System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(n))));
                batch.BatchCommands.Add(Command("INSERT INTO bench_figures.documents (id, data) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO UPDATE SET data = excluded.data", stream, json));
            }
            await batch.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        });
        // Read while the pool's connections are open: PostgreSQL backends that exit are no longer counted.
        used?.Invoke(CpuTime.Now().Since(cpu));
        await Execute("DROP SCHEMA IF EXISTS bench_figures CASCADE");
        return run with { Operations = figures / perTransaction * perTransaction };
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    /// <summary>Line protocol posted to InfluxDB 1.x /write in batches of 5,000 lines, by W writers.</summary>
    public async Task<Measure.Run> InfluxWrites(int points, int writers, string database)
    {
        using var http = new HttpClient();
        await http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"DROP DATABASE \"{database}\"")}", null);
        await http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"CREATE DATABASE \"{database}\"")}", null);
        const int batch = 5000;
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var run = await Measure.Throughput(points / batch, writers, async b =>
        {
            var body = new StringBuilder();
            for (var i = 0; i < batch; i++)
            {
                var n = b * batch + i;
                body.Append("indicator_actual,plan=bench,indicator=I").Append(n % 400).Append(",department=gxj,chapter=一,unit=亿元,period_kind=month value=")
                    .Append(n % 997).Append(".5,revision=").Append(n).Append("i ").Append(start + n * 1000L).Append('\n');
            }
            using var response = await http.PostAsync($"{influxUrl}/write?db={database}&precision=ms", new StringContent(body.ToString()));
            response.EnsureSuccessStatusCode();
        });
        await http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"DROP DATABASE \"{database}\"")}", null);
        return run with { Operations = run.Operations * batch };
    }

    /// <summary>
    /// Given lines of line protocol posted to a fresh database in batches of 5,000 by one writer: what InfluxDB
    /// itself takes to store these very points (their fields, types and series), with nothing in front of it.
    /// </summary>
    public async Task<Measure.Run> InfluxLines(IReadOnlyList<string> lines, string database)
    {
        using var http = new HttpClient();
        (await http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"DROP DATABASE \"{database}\"")}", null)).Dispose();
        using (var created = await http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"CREATE DATABASE \"{database}\"")}", null))
            created.EnsureSuccessStatusCode();
        var batches = lines.Chunk(5000).Select(batch => string.Join('\n', batch)).ToList();
        var run = await Measure.Throughput(batches.Count, 1, async b =>
        {
            using var response = await http.PostAsync($"{influxUrl}/write?db={database}&precision=ms", new StringContent(batches[b]));
            response.EnsureSuccessStatusCode();
        });
        (await http.PostAsync($"{influxUrl}/query?q={Uri.EscapeDataString($"DROP DATABASE \"{database}\"")}", null)).Dispose();
        return run with { Operations = lines.Count };
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
