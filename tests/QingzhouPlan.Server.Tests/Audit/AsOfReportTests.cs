using System.Text.Json;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Audit;

/// <summary>The 1–6月 report as it stood at several instants of the scripted year, against a recomputation from the raw events.</summary>
public sealed class AsOfReportTests(ScriptedYearHost year) : IClassFixture<ScriptedYearHost>
{
    private readonly PlanHost _host = year.Host;

    [Fact]
    public void The_scripted_year_is_plausible()
    {
        var accepted = year.Summary.Accepted;
        year.Summary.Refused.ShouldBe(0);
        accepted["report"].ShouldBeGreaterThan(150);
        accepted["late report"].ShouldBeGreaterThan(5);
        accepted["correction"].ShouldBeInRange(accepted["report"] / 20, accepted["report"] / 5);
        accepted["target adjustment"].ShouldBe(3);
        accepted["retraction"].ShouldBe(1);
        accepted["task progress"].ShouldBeGreaterThan(72);
    }

    [Fact]
    public async Task The_year_tells_the_target_in_force_from_the_target_recorded_last()
    {
        await using var session = _host.Store.QuerySession();
        var adjustments = (await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "target_adjusted").OrderBy(e => e.Sequence).ToListAsync())
            .Select(e => (TargetAdjusted)e.Data).Where(a => a.EffectiveFrom <= new DateOnly(2024, 6, 30)).ToList();

        // Two adjustments effective by 30 June, the later recorded effective earlier: a rule that took the last
        // recorded would give 1–6月 another target than the rule that takes the latest in force.
        adjustments.Count.ShouldBe(2);
        adjustments[1].EffectiveFrom.ShouldBeLessThan(adjustments[0].EffectiveFrom);
        adjustments[1].Target.ShouldNotBe(adjustments[0].Target);
    }

    [Theory]
    [InlineData("2024-07-05")]
    [InlineData("2024-07-15T12:00:00")]
    [InlineData("2024-08-31")]
    [InlineData("2025-01-31")]
    public async Task The_report_for_2024_06_matches_a_recomputation_from_the_events(string asOf)
    {
        Domain.Periods.PlanClock.TryParseInstant(asOf, out var at).ShouldBeTrue();
        var expected = await Recompute(at);

        var report = await (await _host.ClientAs("he.audit", "sjj", "auditor").GetAsync($"/api/plans/qingzhou-2024/reports/2024-06?asOf={asOf}")).Json();

        var lines = report.GetProperty("indicators").EnumerateArray().ToDictionary(l => l.GetProperty("code").GetString()!);
        lines.Count.ShouldBe(expected.Figures.Count);
        foreach (var (code, (value, target)) in expected.Figures)
        {
            Decimal(lines[code], "value").ShouldBe(value, $"{code} value as of {asOf}");
            Decimal(lines[code], "target").ShouldBe(target, $"{code} target as of {asOf}");
        }
        var tasks = report.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!, t => t.GetProperty("status").GetString());
        tasks.ShouldBe(expected.Tasks.ToDictionary(t => t.Key, t => (string?)t.Value.ToString()), ignoreOrder: true);
        expected.Figures.Values.Count(f => f.Value is not null).ShouldBeGreaterThan(asOf.StartsWith("2024-07-05") ? 5 : 20);
    }

    [Fact]
    public async Task An_as_of_query_reads_through_the_event_time_index()
    {
        var keys = (await _host.Services.GetRequiredService<PlanEventReader>().StreamKeys("qingzhou-2024", default)).ToArray();
        var cutoff = new DateTimeOffset(2024, 7, 15, 0, 0, 0, TimeSpan.Zero);
        await using var session = _host.Store.QuerySession();
        var command = session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.IsOneOf(keys) && e.Timestamp <= cutoff).ToCommand();

        var plan = await Explain(command);
        // The planner picks among the indexes on mt_events by its statistics; what matters is that it can
        // reach the plan's events through one, and never has to read the whole log.
        plan.ShouldNotContain("Seq Scan on mt_events");
        plan.ShouldMatch(@"(Index|Index Only|Bitmap Index) Scan (Backward )?(using|on) \S+");
        await using var connection = await Open();
        await using var indexes = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = @s AND indexname = @i", connection);
        indexes.Parameters.AddWithValue("s", _host.Schema);
        indexes.Parameters.AddWithValue("i", EventTimeIndex.Name);
        ((string?)await indexes.ExecuteScalarAsync()).ShouldNotBeNull().ShouldContain("(stream_id, \"timestamp\")");
    }

    [Fact]
    public async Task Events_between_snapshots_are_read_as_short_ranges_of_the_stream_key()
    {
        var keys = (await _host.Services.GetRequiredService<PlanEventReader>().StreamKeys("qingzhou-2024", default)).ToArray();
        var ranges = keys.ToDictionary(k => k, k => Array.IndexOf(keys, k) < 3 ? (16L, (long?)32) : (0L, (long?)null), StringComparer.Ordinal);
        using var command = PlanEventReader.WithinCommand(_host.Schema, ranges, new DateTimeOffset(2024, 7, 15, 0, 0, 0, TimeSpan.Zero));

        var plan = await Explain(command);
        // Each item's range is looked up through an index on its own key (the planner picks the one on version or
        // on time by its statistics), never through a scan or a hash of the events of the whole store.
        plan.ShouldNotContain("Seq Scan on mt_events");
        plan.ShouldNotContain("Hash");
        plan.ShouldMatch(@"Index Cond: \(\(\(?stream_id\)?(::text)? = r\.stream\) AND", plan);
    }

    [Fact]
    public async Task A_plans_items_are_found_through_an_index_not_by_reading_the_whole_log()
    {
        var plan = await Explain(PlanEventReader.FoundingCommand(_host.Schema, "qingzhou-2024"));

        // Every as-of report starts here. Reaching the plan's streams by key prefix keeps its cost to the plan's own
        // items; an index on version alone would read the founding event of every plan in the store.
        plan.ShouldNotContain("Seq Scan on mt_events");
        plan.ShouldMatch(@"Index Cond: \(+\(?stream_id\)?(::text)? ~>=~");
    }

    [Fact]
    public async Task A_plans_items_are_found_through_an_index_by_a_plan_made_for_any_plan_id()
    {
        // The server's connections prepare statements they repeat, and after five runs PostgreSQL may keep one plan
        // for any parameters (a generic plan). That plan must reach the plan's streams by their key too: a prefix it
        // cannot see made every as-of report read the founding event of every item in the store.
        var plan = await Explain(PlanEventReader.FoundingCommand(_host.Schema, "qingzhou-2024"), generic: true);

        plan.ShouldNotContain("Seq Scan on mt_events");
        plan.ShouldMatch(@"Index Cond: \(+\(?stream_id\)?(::text)? ~>=~");
    }

    /// <summary>
    /// PostgreSQL's plan for the command with sequential scans priced out, so any usable index is chosen; with
    /// <paramref name="generic"/>, the plan a prepared statement keeps for any parameters (values inlined to run it).
    /// </summary>
    private async Task<string> Explain(NpgsqlCommand command, bool generic = false)
    {
        await using var connection = await Open();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
            await off.ExecuteNonQueryAsync();
        if (generic)
        {
            // PREPARE takes positional parameters: named ones (@from) become $1, $2, … in the command's order.
            var text = command.Parameters.Select((p, i) => (p.ParameterName, Index: i + 1)).OrderByDescending(p => p.ParameterName.Length)
                .Aggregate(command.CommandText, (sql, p) => sql.Replace("@" + p.ParameterName, "$" + p.Index));
            await using var prepare = new NpgsqlCommand($"PREPARE explained AS {text}; SET plan_cache_mode = force_generic_plan", connection);
            await prepare.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand(generic
            ? $"EXPLAIN EXECUTE explained({string.Join(", ", command.Parameters.Select(p => Literal(p.Value)))})"
            : "EXPLAIN " + command.CommandText, connection);
        if (!generic)
            foreach (NpgsqlParameter p in command.Parameters)
                explain.Parameters.Add(p.Clone());
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));
        return string.Join('\n', plan);
    }

    private static string Literal(object? value) => value switch
    {
        string text => $"'{text.Replace("'", "''")}'",
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"no literal for {value?.GetType().Name ?? "null"}"),
    };

    private async Task<NpgsqlConnection> Open()
    {
        var connection = new NpgsqlConnection(_host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>().GetConnectionString("Marten"));
        await connection.OpenAsync();
        return connection;
    }

    private static decimal? Decimal(JsonElement line, string property) =>
        line.GetProperty(property).ValueKind == JsonValueKind.Null ? null : line.GetProperty(property).GetDecimal();

    private sealed record Expected(Dictionary<string, (decimal? Value, decimal? Target)> Figures, Dictionary<string, Domain.Tasks.TaskStatus> Tasks);

    /// <summary>A plain fold over the raw events, sharing nothing with the report builder but the event types.</summary>
    private async Task<Expected> Recompute(DateTimeOffset at)
    {
        await using var session = _host.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.Timestamp <= at.ToUniversalTime()).OrderBy(e => e.Sequence).ToListAsync();
        var figures = new Dictionary<string, (decimal? Value, decimal? Target)>();
        // Of the adjustments effective by 30 June, the latest effective governs; of two effective the same day, the later recorded.
        var governing = new Dictionary<string, (DateOnly EffectiveFrom, long Sequence)>();
        var own = new Dictionary<string, string?>();
        var tasks = new Dictionary<string, Domain.Tasks.TaskStatus>();
        foreach (var e in events.Where(e => e.StreamKey!.StartsWith("qingzhou-2024/", StringComparison.Ordinal)))
        {
            var code = e.StreamKey!["qingzhou-2024/".Length..];
            switch (e.Data)
            {
                case IndicatorDefined d:
                    own[code] = d.Frequency switch
                    {
                        Frequency.Monthly => "2024-06",
                        Frequency.Quarterly => "2024-Q2",
                        Frequency.HalfYearly => "2024-H1",
                        _ => null,
                    };
                    figures[code] = (null, null);
                    break;
                case TargetSet t:
                    figures[code] = figures[code] with { Target = t.Target.Value };
                    break;
                // The rule in README: the target in force on the period's last day (30 June) governs 1–6月.
                case TargetAdjusted a when a.EffectiveFrom <= new DateOnly(2024, 6, 30)
                    && (a.EffectiveFrom, e.Sequence).CompareTo(governing.GetValueOrDefault(code)) > 0:
                    figures[code] = figures[code] with { Target = a.Target.Value };
                    governing[code] = (a.EffectiveFrom, e.Sequence);
                    break;
                case ValueReported r when r.Period.ToString() == own[code]:
                    figures[code] = figures[code] with { Value = r.Value };
                    break;
                case ValueCorrected c when c.Period.ToString() == own[code]:
                    figures[code] = figures[code] with { Value = c.Value };
                    break;
                case ValueRetracted x when x.Period.ToString() == own[code]:
                    figures[code] = figures[code] with { Value = null };
                    break;
                case TaskDefined:
                    tasks[code] = Domain.Tasks.TaskStatus.NotStarted;
                    break;
                case TaskProgressReported p:
                    tasks[code] = p.Status;
                    break;
            }
        }
        return new Expected(figures, tasks);
    }
}
