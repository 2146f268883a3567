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
        ], ignoreOrder: true);
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
