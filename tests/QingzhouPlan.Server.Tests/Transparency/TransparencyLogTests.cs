using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Tests.Support;
using QingzhouPlan.Server.Transparency;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Tests.Transparency;

/// <summary>
/// The transparency log against the real stack: every event a leaf, checkpoints signed by a key outside
/// PostgreSQL, proofs and tiles over HTTP, and the offline verifier — run as its own process with files and
/// the tiles' URL alone — catching what SQL did behind the log's back.
/// </summary>
public sealed class TransparencyLogTests
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private const string Stream = "qingzhou-2024/LOCAL-PROCUREMENT";
    private const string Reports = Plan + "/indicators/LOCAL-PROCUREMENT/reports";

    [Fact]
    public async Task Every_event_is_a_leaf_and_checkpoints_proofs_and_tiles_agree()
    {
        var clock = ManualClock.At(2024, 7, 12);
        await using var host = new PlanHost(clock: clock);
        var auditor = host.ClientAs("he.audit", "sjj", "auditor");
        var first = await Report(host, "2024-05", 11m);
        var olderNote = await host.Checkpointed();
        var older = Checkpoint.Parse(SignedNote.Parse(olderNote).Text);
        await Report(host, "2024-06", 12m);
        await host.Checkpointed();

        // Public: the latest checkpoint, the key that signed it, and the tiles rebuild its root.
        var anonymous = host.CreateClient();
        var note = SignedNote.Parse(await anonymous.GetStringAsync("/log/checkpoint"));
        var key = NoteVerifier.Parse(await anonymous.GetStringAsync("/log/key"));
        key.Check(note).ShouldNotBeNull();
        (key with { Type = NoteVerifier.Cosignature }).Check(note)!.Time.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()));
        var latest = Checkpoint.Parse(note.Text);
        var tree = new MerkleTree();
        var (full, partial) = Tiles.At(0, latest.Size);
        for (long n = 0; n < full + (partial > 0 ? 1 : 0); n++)
        {
            var tile = await anonymous.GetByteArrayAsync("/log/" + Tiles.Path(0, n, n < full ? Tiles.Width : partial));
            for (var i = 0; i < tile.Length / 32; i++)
                tree.Append(tile.AsSpan(i * 32, 32));
        }
        tree.Root(latest.Size).ShouldBe(latest.Root);
        (await anonymous.GetAsync("/log/tile/entries/000")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/log/tile/0/x1/000")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // For auditors: an event's inclusion, and the newer tree's consistency with the older.
        var inclusion = await (await auditor.GetAsync($"/api/log/proof/inclusion?stream={Stream}&version={first.Version}&size={latest.Size}")).Json();
        var entry = LogEntry.Decode(Convert.FromBase64String(inclusion.GetProperty("entry").GetString()!));
        (entry.Stream, entry.Version, entry.Actor).ShouldBe((Stream, first.Version, "li.wei"));
        Proofs.InclusionFailure(inclusion.GetProperty("index").GetInt64(), latest.Size, Convert.FromBase64String(inclusion.GetProperty("leafHash").GetString()!),
            Hashes(inclusion), latest.Root).ShouldBeNull();
        var consistency = await (await auditor.GetAsync($"/api/log/proof/consistency?from={older.Size}&to={latest.Size}")).Json();
        Proofs.ConsistencyFailure(older.Size, latest.Size, older.Root, latest.Root, Hashes(consistency)).ShouldBeNull();
        (await auditor.GetAsync($"/api/log/proof/consistency?from={latest.Size}&to={latest.Size + 1000}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var verification = await (await auditor.PostJson("/api/audit/verify", new { checkpoint = olderNote })).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
        verification.GetProperty("log").GetProperty("size").GetInt64().ShouldBe(latest.Size);
        verification.GetProperty("log").GetProperty("keptSize").GetInt64().ShouldBe(older.Size);
    }

    [Fact]
    public async Task An_exported_edition_verifies_offline_and_a_rewritten_figure_is_named()
    {
        await using var host = new PlanHost(clock: ManualClock.At(2024, 7, 12));
        var june = await Report(host, "2024-06", 12m);
        var (export, file) = await Export(host, 1);
        var key = await host.CreateClient().GetStringAsync("/log/key");

        var (code, output) = await VerifierProcess.Run("edition", file, "--key", key.Trim());
        code.ShouldBe(0, output);
        output.ShouldContain("有效");
        export["figures"]!.AsArray().ShouldContain(f => f!["item"]!.GetValue<string>() == Stream && f["period"]!.GetValue<string>() == "2024-06");

        // A server that rewrote the figure and recomputed its entry: the entry is no longer the leaf the checkpoint holds.
        var forged = JsonNode.Parse(export.ToJsonString())!;
        var figure = forged["figures"]!.AsArray().Single(f => f!["item"]!.GetValue<string>() == Stream && f["period"]!.GetValue<string>() == "2024-06")!;
        var data = JsonNode.Parse(figure["leaf"]!["data"]!.GetValue<string>())!;
        data["Value"] = 99m;
        var honest = LogEntry.Decode(Convert.FromBase64String(figure["leaf"]!["entry"]!.GetValue<string>()));
        figure["value"] = 99m;
        figure["leaf"]!["data"] = data.ToJsonString();
        figure["leaf"]!["entry"] = Convert.ToBase64String((honest with { DataHash = LogEntry.HashOf(data.ToJsonString()) }).Encode());
        var forgedFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(forgedFile, forged.ToJsonString());
        (code, output) = await VerifierProcess.Run("edition", forgedFile, "--key", key.Trim());
        code.ShouldBe(1, output);
        output.ShouldContain($"{Stream} 2024-06：包含证明不成立");
        output.ShouldNotContain("MARKET-ENTITIES");

        // The same rewrite done by SQL: verification names the event, and the honest export of it fails offline.
        await Sql(host, $"update {host.Schema}.mt_events set data = jsonb_set(data, '{{Value}}', '99') where seq_id = {june.Sequence}");
        var verification = await (await host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();
        Kinds(verification).ShouldContain($"changed-since-logged {Stream} v{june.Version}");
        (_, file) = await Export(host, 1);
        (code, output) = await VerifierProcess.Run("edition", file, "--key", key.Trim());
        code.ShouldBe(1, output);
        output.ShouldContain($"{Stream} 2024-06：所附数据与日志记录的摘要不符");
    }

    [Fact]
    public async Task An_event_inserted_by_SQL_after_a_kept_checkpoint_is_named_and_rejected_offline()
    {
        await using var host = new PlanHost(clock: ManualClock.At(2024, 7, 12), kestrel: true);
        await Report(host, "2024-06", 12m);
        var keptFile = Path.GetTempFileName();
        var kept = await host.Checkpointed();
        await File.WriteAllTextAsync(keptFile, kept);

        // One SQL insert dated a week before the checkpoint, and one recomputed chain link: the chain alone cannot tell.
        var inserted = await InsertBehindTheLog(host, Stream, new DateTimeOffset(2024, 7, 5, 9, 0, 0, TimeSpan.Zero), 77m);
        await host.Checkpointed();

        var auditor = host.ClientAs("he.audit", "sjj", "auditor");
        var verification = await (await auditor.PostJson("/api/audit/verify", new { checkpoint = kept })).Json();
        // Dated before the stream's own earlier events, and before a checkpoint that does not hold it.
        Kinds(verification).ShouldBe([$"log {Stream} v{inserted}", $"backdated {Stream} v{inserted}"], ignoreOrder: true);

        (await host.ClientAs("qian.jun", "fgj", "reviewer").PostJson($"{Plan}/editions", new { period = "2024-06" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var (_, file) = await Export(host, 1);
        var key = (await host.CreateClient().GetStringAsync("/log/key")).Trim();
        var (code, output) = await VerifierProcess.Run("edition", file, "--key", key, "--kept", keptFile, "--tiles", host.BaseUrl + "/log");
        code.ShouldBe(1, output);
        output.ShouldContain($"{Stream} 2024-06：数值的记录时间为北京时间 2024-07-05 17:00:00");
        output.ShouldContain("事后补录");
        // Without the kept checkpoint the same file is self-consistent: what the auditor kept is what catches it.
        (code, output) = await VerifierProcess.Run("edition", file, "--key", key);
        code.ShouldBe(0, output);
    }

    [Fact]
    public async Task A_log_rewritten_without_a_stream_is_inconsistent_with_a_kept_checkpoint()
    {
        var schema = $"t_{Guid.NewGuid():N}"[..18];
        var keptFile = Path.GetTempFileName();
        string key;
        await using (var before = new PlanHost(schema: schema, clock: ManualClock.At(2024, 7, 12), kestrel: true) { DropSchemaOnDispose = false })
        {
            await Report(before, "2024-06", 12m);
            await File.WriteAllTextAsync(keptFile, await before.Checkpointed());
            key = (await before.CreateClient().GetStringAsync("/log/key")).Trim();
            var (honest, output) = await VerifierProcess.Run("consistency", "--key", key, "--kept", keptFile, "--tiles", before.BaseUrl + "/log");
            honest.ShouldBe(0, output);
            output.ShouldContain("一致");

            // The stream goes, with its chain; the log is cut back to before its first leaf and sequenced again without it.
            await Sql(before, $"""
                delete from {schema}.mt_events where stream_id = '{Stream}';
                delete from {schema}.mt_streams where id = '{Stream}';
                delete from {schema}.{SealLinks.TableName} where stream_id = '{Stream}';
                delete from {schema}.{LogTables.Checkpoints};
                update {schema}.{LogTables.Cursor} set seq_id = (select min(seq_id) - 1 from {schema}.{LogTables.Leaves} where stream_id = '{Stream}');
                delete from {schema}.{LogTables.Leaves} where idx >= (select min(idx) from {schema}.{LogTables.Leaves} where stream_id = '{Stream}');
                """);
        }
        await using var after = new PlanHost(schema: schema, clock: ManualClock.At(2024, 7, 13), kestrel: true);
        await after.Checkpointed();

        var verification = await (await after.ClientAs("he.audit", "sjj", "auditor").PostJson("/api/audit/verify", new { checkpoint = await File.ReadAllTextAsync(keptFile) })).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeFalse();
        Kinds(verification).ShouldContain(k => k.StartsWith("checkpoint", StringComparison.Ordinal));
        var (code, text) = await VerifierProcess.Run("consistency", "--key", key, "--kept", keptFile, "--tiles", after.BaseUrl + "/log");
        code.ShouldBe(1, text);
        text.ShouldContain("此前的历史已被改写");
    }

    [Fact]
    public async Task Two_witnesses_shown_different_histories_cosign_checkpoints_that_conflict()
    {
        var schema = $"t_{Guid.NewGuid():N}"[..18];
        var (made, logKey) = await VerifierProcess.Run("keygen", ServerProcess.LogKeyFile(schema), "--name", new TransparencyOptions().Origin);
        made.ShouldBe(0, logKey);
        using var honestWitness = await VerifierProcess.Witness("witness.example/one", logKey.Trim());
        using var misledWitness = await VerifierProcess.Witness("witness.example/two", logKey.Trim());
        await using var host = new PlanHost(schema: schema, clock: ManualClock.At(2024, 7, 12),
            overrides: new Dictionary<string, string?> { ["Transparency:Witnesses:0"] = $"{honestWitness.Url} {honestWitness.Key}" });
        await Report(host, "2024-06", 12m);
        await host.Checkpointed();

        // The log submits each checkpoint to its witness, and serves the cosignature beside its own.
        var anonymous = host.CreateClient();
        string cosigned = "";
        await Wait.Until(async () => (cosigned = await anonymous.GetStringAsync("/log/checkpoint")).Contains("witness.example/one"), TimeSpan.FromSeconds(30));
        NoteVerifier.Parse(honestWitness.Key).Check(SignedNote.Parse(cosigned)).ShouldNotBeNull();

        // The same log key signs another history of the same size for the second witness, which has seen nothing else.
        var honest = Checkpoint.Parse(SignedNote.Parse(cosigned).Text);
        var fork = new Checkpoint(honest.Origin, honest.Size, TreeHash.Leaf("another history"u8));
        var forkNote = host.Services.GetRequiredService<LogKey>().Sign(fork, DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        var answer = await http.PostAsync(misledWitness.Url + "/add-checkpoint", new StringContent($"old 0\n\n{forkNote}", Encoding.UTF8));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var forkCosigned = forkNote.With(SignedNote.ParseLines(await answer.Content.ReadAsStringAsync()));
        // The first witness will not cosign it: it contradicts the tree it cosigned.
        (await http.PostAsync(honestWitness.Url + "/add-checkpoint", new StringContent($"old {honest.Size}\n\n{forkNote}", Encoding.UTF8)))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var one = Path.GetTempFileName();
        var two = Path.GetTempFileName();
        await File.WriteAllTextAsync(one, cosigned);
        await File.WriteAllTextAsync(two, forkCosigned.ToString());
        var (code, output) = await VerifierProcess.Run("compare", one, two, "--key", logKey.Trim(), "--witness", honestWitness.Key, "--witness", misledWitness.Key);
        code.ShouldBe(1, output);
        output.ShouldContain("冲突");
        output.ShouldContain("witness.example/one");
        output.ShouldContain("witness.example/two");
    }

    [Fact]
    public async Task A_commit_landing_in_a_gap_the_high_water_mark_passed_is_logged_late_not_lost()
    {
        await using var host = new PlanHost(clock: ManualClock.At(2024, 7, 12),
            overrides: new Dictionary<string, string?> { ["TimeSeries:GapPatienceSeconds"] = "1" });
        await Report(host, "2024-05", 11m);
        // A slow commit has taken its sequence number and not yet written; later commits land beyond it, and
        // Marten's high-water mark passes the gap after its patience (1 s here).
        long gap;
        await using (var connection = new NpgsqlConnection(host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten")))
        {
            await connection.OpenAsync();
            gap = (long)(await new NpgsqlCommand($"select nextval('{host.Schema}.mt_events_sequence')", connection).ExecuteScalarAsync())!;
        }
        var june = await Report(host, "2024-06", 12m);
        june.Sequence.ShouldBeGreaterThan(gap);
        await host.Checkpointed();

        // The slow commit lands in the gap: a task's progress, as the system writes it.
        var task = "qingzhou-2024/T-SME-INCUBATOR";
        var last = (await host.Events(task))[^1];
        await Sql(host, $"""
            insert into {host.Schema}.mt_events (seq_id, id, version, timestamp, stream_id, data, type, tenant_id, mt_dotnet_type, user_name)
            select {gap}, gen_random_uuid(), version + 1, timestamp, stream_id, data, type, tenant_id, mt_dotnet_type, user_name
            from {host.Schema}.mt_events where seq_id = {last.Sequence};
            """);
        var log = host.Services.GetRequiredService<LogReader>();
        await Wait.Until(async () => await log.Leaf(task, last.Version + 1, CancellationToken.None) is not null, TimeSpan.FromSeconds(30));

        // Logged, after the June report it preceded: the log names it only as the chain does (it has no seal link), never as unlogged.
        var verification = await (await host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();
        Kinds(verification).ShouldBe([$"inserted {task} v{last.Version + 1}"]);
    }

    [Fact]
    public async Task One_account_reporting_for_two_departments_is_a_signal_with_the_leaves_that_record_it()
    {
        // June's reports on 8 July, before their deadline: the one signal is the account's two departments.
        await using var host = new PlanHost(clock: ManualClock.At(2024, 7, 8));
        var gxj = await Report(host, "2024-06", 12m);
        (await host.ClientAs("li.wei", "jrb").PostJson($"{Plan}/indicators/NEW-LOANS/reports", new { reportId = "loans-06", period = "2024-06", value = 60m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await host.Checkpointed();

        var auditor = host.ClientAs("he.audit", "sjj", "auditor");
        var signals = await auditor.GetFromJsonList($"{Plan}/audit/signals");
        var signal = signals.ShouldHaveSingleItem();
        signal.GetProperty("kind").GetString().ShouldBe("SeveralDepartments");
        signal.GetProperty("detail").GetString().ShouldBe("同一账号 li.wei 为 gxj、jrb 等多个部门填报");
        var evidence = signal.GetProperty("evidence").EnumerateArray().ToList();
        evidence.Select(e => e.GetProperty("stream").GetString()).ShouldBe([Stream, "qingzhou-2024/NEW-LOANS"]);
        // Each act's leaf is the one the log's proof names for it.
        var proof = await (await auditor.GetAsync($"/api/log/proof/inclusion?stream={Stream}&version={gxj.Version}")).Json();
        evidence[0].GetProperty("leaf").GetInt64().ShouldBe(proof.GetProperty("index").GetInt64());
        (await host.ClientAs("li.wei", "gxj").GetAsync($"{Plan}/audit/signals")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<JasperFx.Events.IEvent> Report(PlanHost host, string period, decimal value)
    {
        (await host.ClientAs("li.wei", "gxj").PostJson(Reports, new { reportId = $"r-{period}-{value}", period, value, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await host.Events(Stream))[^1];
    }

    private static async Task<(JsonNode Export, string File)> Export(PlanHost host, int edition)
    {
        var auditor = host.ClientAs("he.audit", "sjj", "auditor");
        if ((await host.Events("qingzhou-2024/editions")).Count < edition)
            (await host.ClientAs("qian.jun", "fgj", "reviewer").PostJson($"{Plan}/editions", new { period = "2024-06" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        HttpResponseMessage? response = null;
        await Wait.Until(async () => (response = await auditor.GetAsync($"{Plan}/editions/{edition}/export")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var text = await response!.Content.ReadAsStringAsync();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, text);
        return (JsonNode.Parse(text)!, file);
    }

    // Copies the stream's last event as the next version with another value and an earlier time, and links it
    // into the stream's chain as the system would: what someone with the database's password can do.
    private static async Task<long> InsertBehindTheLog(PlanHost host, string stream, DateTimeOffset at, decimal value)
    {
        var last = (await host.Events(stream))[^1];
        var columns = "stream_id, data, type, tenant_id, mt_dotnet_type, user_name";
        const string valuePath = "'{Value}'";
        await Sql(host, $"""
            insert into {host.Schema}.mt_events (seq_id, id, version, timestamp, {columns})
            select nextval('{host.Schema}.mt_events_sequence'), gen_random_uuid(), version + 1, '{at:O}', stream_id,
                jsonb_set(data, {valuePath}, '{value}'), type, tenant_id, mt_dotnet_type, user_name
            from {host.Schema}.mt_events where seq_id = {last.Sequence};
            update {host.Schema}.mt_streams set version = version + 1 where id = '{stream}';
            """);
        var inserted = (await host.Events(stream))[^1];
        var link = StreamSealProjection.Link((await Heads(host, stream)).Hash, stream, inserted);
        await Sql(host, $"insert into {host.Schema}.{SealLinks.TableName} (stream_id, version, seq_id, type, hash, algorithm) values ('{stream}', {link.Version}, {link.Sequence}, '{link.Type}', '{link.Hash}', {link.Algorithm})");
        return inserted.Version;
    }

    private static async Task<ChainHead> Heads(PlanHost host, string stream)
    {
        await using var session = host.Store.QuerySession();
        return (await SealLinks.Heads(session, [stream], CancellationToken.None))[stream];
    }

    private static List<string> Kinds(JsonElement verification) =>
        verification.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("kind").GetString()} {f.GetProperty("stream").GetString()} v{f.GetProperty("version").GetInt64()}").ToList();

    private static List<byte[]> Hashes(JsonElement proof) =>
        proof.GetProperty("proof").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();

    private static async Task Sql(PlanHost host, string sql)
    {
        await using var connection = new NpgsqlConnection(host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
