using System.Net;
using System.Text;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>One host, with 1–5月 of “地企互采” reported as 12 亿元 under report id "may".</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public PlanHost Host { get; } = new(clock: ManualClock.At(2024, 7, 12));

    public async Task InitializeAsync() =>
        (await Host.ClientAs("li.wei", "gxj").PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "may", period = "2024-05", value = 12m, unit = "亿元" })).StatusCode.ShouldBe(HttpStatusCode.Created);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Every bad input gets its own problem-details answer naming the field, and appends nothing.</summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private const string Indicator = "/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT";
    private const string Stream = "qingzhou-2024/LOCAL-PROCUREMENT";
    private readonly PlanHost _host = fixture.Host;
    private readonly HttpClient _client = fixture.Host.ClientAs("li.wei", "gxj");

    public static TheoryData<string, string, string, HttpStatusCode, string> Cases() => new()
    {
        { "unknown indicator", "/api/plans/qingzhou-2024/indicators/NO-SUCH/reports", """{"reportId":"a","period":"2024-06","value":1,"unit":"亿元"}""", HttpStatusCode.NotFound, "indicator" },
        { "malformed period", $"{Indicator}/reports", """{"reportId":"a","period":"2024-13","value":1,"unit":"亿元"}""", HttpStatusCode.BadRequest, "period" },
        { "period outside the plan year", $"{Indicator}/reports", """{"reportId":"a","period":"2023-12","value":1,"unit":"亿元"}""", HttpStatusCode.BadRequest, "period" },
        { "period in the future", $"{Indicator}/reports", """{"reportId":"a","period":"2024-08","value":13,"unit":"亿元"}""", HttpStatusCode.BadRequest, "period" },
        { "missing period", $"{Indicator}/reports", """{"reportId":"a","value":13,"unit":"亿元"}""", HttpStatusCode.BadRequest, "period" },
        { "NaN", $"{Indicator}/reports", """{"reportId":"a","period":"2024-06","value":"NaN","unit":"亿元"}""", HttpStatusCode.BadRequest, "value" },
        { "infinity", $"{Indicator}/reports", """{"reportId":"a","period":"2024-06","value":"Infinity","unit":"亿元"}""", HttpStatusCode.BadRequest, "value" },
        { "not a number", $"{Indicator}/reports", """{"reportId":"a","period":"2024-06","value":"十三","unit":"亿元"}""", HttpStatusCode.BadRequest, "value" },
        { "number beyond decimal", $"{Indicator}/reports", """{"reportId":"a","period":"2024-06","value":1e400,"unit":"亿元"}""", HttpStatusCode.BadRequest, "value" },
        { "absurdly large", $"{Indicator}/reports", """{"reportId":"a","period":"2024-06","value":1e15,"unit":"亿元"}""", HttpStatusCode.BadRequest, "value" },
        { "incompatible unit", $"{Indicator}/reports", """{"reportId":"a","period":"2024-06","value":13,"unit":"个"}""", HttpStatusCode.BadRequest, "unit" },
        { "year-to-date below an earlier period", $"{Indicator}/reports", """{"reportId":"a","period":"2024-06","value":11,"unit":"亿元"}""", HttpStatusCode.BadRequest, "value" },
        { "report id reused for another figure", $"{Indicator}/reports", """{"reportId":"may","period":"2024-05","value":12.5,"unit":"亿元"}""", HttpStatusCode.Conflict, "reportId" },
        { "correction without reason", $"{Indicator}/corrections", """{"period":"2024-05","value":12.5,"unit":"亿元"}""", HttpStatusCode.BadRequest, "reason" },
        { "correction of a period never reported", $"{Indicator}/corrections", """{"period":"2024-04","value":9,"unit":"亿元","reason":"x"}""", HttpStatusCode.BadRequest, "period" },
        { "retraction without reason", $"{Indicator}/retractions", """{"period":"2024-05","reason":"  "}""", HttpStatusCode.BadRequest, "reason" },
        { "retraction of a period never reported", $"{Indicator}/retractions", """{"period":"2024-04","reason":"x"}""", HttpStatusCode.BadRequest, "period" },
        { "malformed JSON", $"{Indicator}/reports", """{"reportId":"a","period":""", HttpStatusCode.BadRequest, "body" },
        { "actor smuggled in the body", $"{Indicator}/reports", """{"reportId":"a","period":"2024-06","value":13,"unit":"亿元","department":"czj"}""", HttpStatusCode.BadRequest, "department" },
        { "task moved backwards", "/api/plans/qingzhou-2024/tasks/T-SME-INCUBATOR/progress", """{"status":"NotStarted","narrative":"x"}""", HttpStatusCode.Conflict, "status" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_refused_with_a_field_level_problem_and_appends_nothing(
        string @case, string url, string json, HttpStatusCode status, string field)
    {
        var before = (await _host.Events(Stream)).Count;

        var response = await _client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(status, @case);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ProblemErrors()).ShouldContainKey(field, @case);
        (await _host.Events(Stream)).Count.ShouldBe(before, @case);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        var note = new string('注', 40_000); // 120 KB of UTF-8
        var response = await _client.PostJson($"{Indicator}/reports", new { reportId = "big", period = "2024-06", value = 13m, unit = "亿元", note });

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ProblemErrors()).ShouldContainKey("body");
    }

    [Fact]
    public async Task A_retry_with_the_same_report_id_and_payload_succeeds_without_a_new_event()
    {
        var before = await _host.Events(Stream);

        var response = await _client.PostJson($"{Indicator}/reports", new { reportId = "may", period = "2024-05", value = 12m, unit = "亿元" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Json()).GetProperty("version").GetInt64().ShouldBe(before[^1].Version);
        (await _host.Events(Stream)).Count.ShouldBe(before.Count);
    }

    [Fact]
    public async Task Reviewer_only_commands_are_refused_to_reporters()
    {
        var adjust = await _client.PostJson($"{Indicator}/target-adjustments",
            new { value = 35m, comparator = "Exceed", reason = "r", legalBasis = "b", effectiveFrom = "2024-07-01" });
        var verify = await _client.PostJson($"{Indicator}/verifications", new { period = "2024-05" });

        adjust.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        verify.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
