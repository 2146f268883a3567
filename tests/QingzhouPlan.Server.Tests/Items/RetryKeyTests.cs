using System.Net;
using System.Text;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// A client that timed out sends the same command again with the same Idempotency-Key: it gets the first
/// result and nothing is recorded twice — even after the item's grain was deactivated. The same key for a
/// different command is a conflict. A key is its user's, and answered only once the item allows them to act.
/// </summary>
public sealed class RetryKeyTests : IAsyncLifetime
{
    private const string Indicator = "/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT";
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 7, 12));

    public async Task InitializeAsync() =>
        (await _host.ClientAs("li.wei", "gxj").PostJson($"{Indicator}/reports", new { reportId = "m6", period = "2024-06", value = 13m, unit = "亿元" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string, string, object, object> Commands() => new()
    {
        { "correction", "gxj/reporter", $"{Indicator}/corrections",
            new { period = "2024-06", value = 13.5m, unit = "亿元", reason = "补录" }, new { period = "2024-06", value = 13.7m, unit = "亿元", reason = "补录" } },
        { "retraction", "gxj/reporter", $"{Indicator}/retractions", new { period = "2024-06", reason = "错报" }, new { period = "2024-06", reason = "另一原因" } },
        { "verification", "fgj/reviewer", $"{Indicator}/verifications", new { period = "2024-06", note = "已核" }, new { period = "2024-06", note = "再核" } },
        { "target adjustment", "fgj/reviewer", $"{Indicator}/target-adjustments",
            new { value = 28m, comparator = "Exceed", reason = "调整", legalBasis = "批准", effectiveFrom = "2024-07-01" },
            new { value = 27m, comparator = "Exceed", reason = "调整", legalBasis = "批准", effectiveFrom = "2024-07-01" } },
        { "task progress", "gxj/reporter", "/api/plans/qingzhou-2024/tasks/T-SME-INCUBATOR/progress",
            new { status = "InProgress", narrative = "已启动" }, new { status = "AtRisk", narrative = "已启动" } },
        { "edition", "fgj/reviewer", "/api/plans/qingzhou-2024/editions", new { period = "2024-06" }, new { period = "2024-05" } },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task The_same_key_and_payload_answers_the_first_result_and_a_different_payload_conflicts(
        string name, string caller, string url, object first, object different)
    {
        var client = _host.ClientAs($"{caller.Split('/')[0]}.user", caller.Split('/')[0], caller.Split('/')[1]);
        var key = $"retry-{name.Replace(' ', '-')}";

        var original = await Send(client, url, first, key);
        original.StatusCode.ShouldBe(HttpStatusCode.Created, name);
        var answer = await original.Content.ReadAsStringAsync();
        var count = await EventCount();

        await _host.DeactivateAllGrains();
        var retry = await Send(client, url, first, key);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK, name);
        (await retry.Content.ReadAsStringAsync()).Replace("\"appended\":false", "\"appended\":true").ShouldBe(answer, name);
        (await EventCount()).ShouldBe(count, name);

        var conflict = await Send(client, url, different, key);
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict, name);
        (await conflict.ProblemErrors()).ShouldContainKey("Idempotency-Key", name);
        (await EventCount()).ShouldBe(count, name);
    }

    [Fact]
    public async Task A_retry_key_is_answered_only_to_its_own_user_and_only_when_they_may_act()
    {
        const string Progress = "/api/plans/qingzhou-2024/tasks/T-SME-INCUBATOR/progress";
        var started = new { status = "InProgress", narrative = "已启动" };
        (await Send(_host.ClientAs("li.wei", "gxj"), Progress, started, "k1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var count = await EventCount();

        // Another department's reporter sending gxj's key learns nothing from it, with the same body or another.
        var tjj = _host.ClientAs("zhou.min", "tjj");
        var replay = await Send(tjj, Progress, started, "k1");
        replay.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await replay.Content.ReadAsStringAsync()).ShouldNotContain("version");
        (await Send(tjj, Progress, new { status = "AtRisk", narrative = "另一内容" }, "k1")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await EventCount()).ShouldBe(count);

        // A colleague in gxj choosing the same key has a key of their own: their report is recorded.
        (await Send(_host.ClientAs("wu.fang", "gxj"), Progress, started, "k1")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await EventCount()).ShouldBe(count + 1);
    }

    [Fact]
    public async Task A_key_stored_by_earlier_code_keeps_its_meaning()
    {
        // A correction as the code before explicit retry keys stored one: its fingerprint hashed the command's type
        // name ("CorrectValue") and its JSON, which the operation's stable name now stands for.
        const string StoredFingerprint = "4886e9d3e2c0e72f74c64fa22c59bb78067b0ef76d0c7363ac9dd6fa8d3c3b83";
        const string Stream = "qingzhou-2024/LOCAL-PROCUREMENT";
        await using (var session = _host.Store.LightweightSession())
        {
            session.LastModifiedBy = "li.wei";
            var reporter = new ActedBy("li.wei", "gxj", null, [Roles.Reporter]);
            var action = session.Events.Append(Stream, (await _host.Events(Stream)).Count + 1,
                new ValueCorrected(Period.Month(2024, 6), 13.5m, 13m, 13.5m, "亿元", "补录", reporter));
            action.Events[0].SetHeader(RetryKey.KeyHeader, "stored-earlier");
            action.Events[0].SetHeader(RetryKey.FingerprintHeader, StoredFingerprint);
            await session.SaveChangesAsync();
        }
        await _host.DeactivateAllGrains();
        var count = await EventCount();
        var client = _host.ClientAs("li.wei", "gxj");

        // Without its key this would be refused: 2024-06 already stands at 13.5.
        (await Send(client, $"{Indicator}/corrections", new { period = "2024-06", value = 13.5m, unit = "亿元", reason = "补录" }, "stored-earlier"))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var other = await Send(client, $"{Indicator}/corrections", new { period = "2024-06", value = 13.6m, unit = "亿元", reason = "补录" }, "stored-earlier");
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await other.ProblemErrors()).ShouldContainKey("Idempotency-Key");
        (await EventCount()).ShouldBe(count);
    }

    [Fact]
    public async Task A_key_that_is_not_visible_ascii_is_refused()
    {
        var response = await Send(_host.ClientAs("li.wei", "gxj"), $"{Indicator}/corrections",
            new { period = "2024-06", value = 13.5m, unit = "亿元", reason = "补录" }, "键");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemErrors()).ShouldContainKey("Idempotency-Key");
    }

    [Theory]
    [InlineData("""{"period":"2024-06","value":13.5,"unit":"亿元","reason":"补录\u0000"}""", "reason")]
    [InlineData("""{"period":"2024-06","value":13.5,"unit":"亿元","reason":"\u001b[31m红字"}""", "reason")]
    public async Task Control_characters_in_text_are_refused_naming_the_field(string body, string field)
    {
        var count = await EventCount();
        var response = await _host.ClientAs("li.wei", "gxj")
            .PostAsync($"{Indicator}/corrections", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemErrors()).ShouldContainKey(field);
        (await EventCount()).ShouldBe(count);
    }

    [Fact]
    public async Task Editions_published_at_the_same_moment_get_distinct_numbers_or_a_conflict_never_a_failure()
    {
        var reviewer = _host.ClientAs("qian.jun", "fgj", "reviewer");
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => reviewer.PostJson("/api/plans/qingzhou-2024/editions", new { period = "2024-06" })));
        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        var numbers = new List<int>();
        foreach (var created in answers.Where(a => a.StatusCode == HttpStatusCode.Created))
            numbers.Add((await created.Json()).GetProperty("number").GetInt32());
        numbers.ShouldBeUnique();
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private async Task<long> EventCount()
    {
        await using var session = _host.Store.QuerySession();
        return await Marten.QueryableExtensions.LongCountAsync(session.Events.QueryAllRawEvents());
    }
}
