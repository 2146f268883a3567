using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Audit;

/// <summary>Events changed in PostgreSQL behind the system's back are named exactly by the chain verification.</summary>
public sealed class TamperEvidenceTests
{
    [Fact]
    public async Task An_update_a_delete_and_an_insert_in_mt_events_are_each_detected_exactly()
    {
        await using var host = new PlanHost(clock: ManualClock.At(2024, 8, 20));
        await Workload.ReportMonths(host, 1, 6);
        var auditor = host.ClientAs("he.audit", "sjj", "auditor");
        (await (await auditor.PostAsync("/api/audit/verify", null)).Json()).GetProperty("intact").GetBoolean().ShouldBeTrue();

        var investment = await host.Events("qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT");
        var procurement = await host.Events("qingzhou-2024/LOCAL-PROCUREMENT");
        var altered = investment.Single(e => e.Data is Domain.Indicators.ValueReported { Period.Index: 4 });
        var deleted = procurement.Single(e => e.Data is Domain.Indicators.ValueReported { Period.Index: 2 });
        var copied = procurement[^1];
        // Every event logged first, so the transparency log's findings do not depend on the sequencer's timing.
        await host.Checkpointed();
        await Sql(host, $"UPDATE {host.Schema}.mt_events SET data = jsonb_set(data, '{{Value}}', '31.0') WHERE seq_id = {altered.Sequence}");
        await Sql(host, $"DELETE FROM {host.Schema}.mt_events WHERE seq_id = {deleted.Sequence}");
        var columns = await Columns(host);
        await Sql(host, $"""
            INSERT INTO {host.Schema}.mt_events (seq_id, id, version, {columns})
            SELECT nextval('{host.Schema}.mt_events_sequence'), gen_random_uuid(), version + 1, {columns}
            FROM {host.Schema}.mt_events WHERE seq_id = {copied.Sequence}
            """);

        var verification = await (await auditor.PostAsync("/api/audit/verify", null)).Json();

        verification.GetProperty("intact").GetBoolean().ShouldBeFalse();
        var findings = verification.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("kind").GetString()} {f.GetProperty("stream").GetString()} v{f.GetProperty("version").GetInt64()}")
            .ToList();
        findings.ShouldBe(
        [
            $"altered qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT v{altered.Version}",
            $"deleted qingzhou-2024/LOCAL-PROCUREMENT v{deleted.Version}",
            $"inserted qingzhou-2024/LOCAL-PROCUREMENT v{copied.Version + 1}",
            // The log names the changed and the deleted event too; the inserted one it logs like any other.
            $"changed-since-logged qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT v{altered.Version}",
            $"missing-since-logged qingzhou-2024/LOCAL-PROCUREMENT v{deleted.Version}",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task Publishing_an_edition_and_a_failed_append_raise_no_false_alarm()
    {
        await using var host = new PlanHost(clock: ManualClock.At(2024, 8, 20));
        await Workload.ReportMonths(host, 1, 6);
        (await host.ClientAs("qian.jun", "fgj", "reviewer").PostJson("/api/plans/qingzhou-2024/editions", new { period = "2024-06" }))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        // Two writers expecting the same version: the second append fails and Marten leaves tombstones behind.
        var stream = "qingzhou-2024/LOCAL-PROCUREMENT";
        var version = (await host.Events(stream)).Count;
        await using (var first = host.Store.LightweightSession())
        await using (var second = host.Store.LightweightSession())
        {
            first.Events.Append(stream, version + 1, new Domain.Indicators.ValueVerified(Domain.Periods.Period.Month(2024, 1), 2.5m, null, Domain.ActedBy.System()));
            second.Events.Append(stream, version + 1, new Domain.Indicators.ValueVerified(Domain.Periods.Period.Month(2024, 2), 5m, null, Domain.ActedBy.System()));
            await first.SaveChangesAsync();
            await Should.ThrowAsync<Exception>(() => second.SaveChangesAsync());
        }

        var verification = await (await host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();

        verification.GetProperty("findings").GetArrayLength().ShouldBe(0, verification.ToString());
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task An_anchor_kept_outside_catches_a_stream_rewritten_with_its_seal_and_a_tail_cut_off()
    {
        await using var host = new PlanHost(clock: ManualClock.At(2024, 8, 20));
        await Workload.ReportMonths(host, 1, 6);
        var auditor = host.ClientAs("he.audit", "sjj", "auditor");
        var anchor = await (await auditor.GetAsync("/api/audit/anchor")).Json();
        await host.Checkpointed();

        // Rewrite April's figure and reseal the whole stream consistently, as an insider with database access could.
        var rewritten = "qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT";
        var april = (await host.Events(rewritten)).Single(e => e.Data is Domain.Indicators.ValueReported { Period.Index: 4 });
        await Sql(host, $"UPDATE {host.Schema}.mt_events SET data = jsonb_set(data, '{{Value}}', '31.0') WHERE seq_id = {april.Sequence}");
        await Reseal(host, rewritten);
        // Cut the last event of another stream, and its link.
        var cut = "qingzhou-2024/LOCAL-PROCUREMENT";
        var last = (await host.Events(cut))[^1];
        await Sql(host, $"DELETE FROM {host.Schema}.mt_events WHERE seq_id = {last.Sequence}");
        await Sql(host, $"UPDATE {host.Schema}.mt_streams SET version = version - 1 WHERE id = '{cut}'");
        await Reseal(host, cut);

        // The seals alone cannot see a consistent rewrite; the transparency log, which recorded the events before, can.
        var blind = await (await auditor.PostAsync("/api/audit/verify", null)).Json();
        Kinds(blind).ShouldBe([$"changed-since-logged {rewritten}", $"missing-since-logged {cut}"], ignoreOrder: true);

        var anchored = await (await auditor.PostJson("/api/audit/verify", new { anchor })).Json();
        anchored.GetProperty("intact").GetBoolean().ShouldBeFalse();
        Kinds(anchored).ShouldBe(
            [$"truncated {cut}", $"rewritten {rewritten}", $"changed-since-logged {rewritten}", $"missing-since-logged {cut}"], ignoreOrder: true);

        var forged = System.Text.Json.Nodes.JsonNode.Parse(anchor.GetRawText())!;
        forged["heads"]![rewritten]!["hash"] = new string('0', 64);
        var refused = await auditor.PostJson("/api/audit/verify", new { anchor = forged });
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await refused.ProblemErrors()).ShouldContainKey("anchor");
        var hollow = await auditor.PostJson("/api/audit/verify", new { anchor = new { createdAt = "2024-08-20T00:00:00Z" } });
        hollow.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }

    private static List<string> Kinds(System.Text.Json.JsonElement verification) =>
        verification.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("kind").GetString()} {f.GetProperty("stream").GetString()}").ToList();

    /// <summary>Recomputes a stream's seal from its events as they now stand, the way the system seals them.</summary>
    private static async Task Reseal(PlanHost host, string stream)
    {
        var events = await host.Events(stream);
        var links = new List<Server.Audit.SealLink>();
        foreach (var e in events)
            links.Add(Server.Audit.StreamSealProjection.Link(links.Count == 0 ? Domain.Audit.HashChain.Genesis : links[^1].Hash, stream, e));
        await using var session = host.Store.LightweightSession();
        session.QueueSqlCommand($"delete from {host.Schema}.{Server.Audit.SealLinks.TableName} where stream_id = ?", stream);
        Server.Audit.SealLinks.Queue(session, links.Select(l => (stream, l)).ToList());
        await session.SaveChangesAsync();
    }

    private static async Task<string> Columns(PlanHost host)
    {
        await using var connection = await Open(host);
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(column_name, ', ') FROM information_schema.columns WHERE table_schema = @s AND table_name = 'mt_events' AND column_name NOT IN ('seq_id', 'id', 'version')",
            connection);
        command.Parameters.AddWithValue("s", host.Schema);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Sql(PlanHost host, string sql)
    {
        await using var connection = await Open(host);
        await using var command = new NpgsqlCommand(sql, connection);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1, sql);
    }

    private static async Task<NpgsqlConnection> Open(PlanHost host)
    {
        var connection = new NpgsqlConnection(host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten"));
        await connection.OpenAsync();
        return connection;
    }
}
