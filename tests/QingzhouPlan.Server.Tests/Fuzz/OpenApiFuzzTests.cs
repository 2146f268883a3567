using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Server.Tests.Support;
using Xunit.Abstractions;

namespace QingzhouPlan.Server.Tests.Fuzz;

/// <summary>
/// Every operation the OpenAPI document lists, called with seeded random and mutated paths, query strings
/// and bodies, by the most privileged caller (an admin who is also a reviewer and a reporter of gxj): no
/// answer is a 500, and no refused request appends an event. A fixed number of calls per operation keeps
/// the run repeatable and within about a minute here.
/// </summary>
public sealed class OpenApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CallsPerOperation = 400;
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 7, 12), overrides: new Dictionary<string, string?>
    {
        ["Api:RateLimit:Burst"] = "1000000",
        ["Api:RateLimit:PerSecond"] = "1000000",
    });

    private static readonly string[] Strings =
    [
        "2024-06", "2024-Q2", "2024-H1", "2024", "亿元", "个", "%", "Reach", "InProgress", "gxj", "2024-07-01", "2024-07-15T10:00:00+08:00",
        "统计口径调整", "", " ", "\u0000", "\u001b[2J", new string('长', 3000), "=HYPERLINK(\"x\")", "💥", "null", "../../etc/passwd", "9999-12-31",
        "0001-01-01T00:00:00", "-1", "1e400", "NaN", "<script>", "'; DROP TABLE mt_events; --", "qingzhou-2024",
    ];

    private static readonly JsonNode?[] Numbers = [0, -1, 1.5m, 12, 13.5m, 1e15, 0.0000000000000000000000000001m, 2147483648L, 14, 100, -3];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Random_and_mutated_calls_to_every_operation_never_fail_and_refusals_append_nothing()
    {
        var random = new Random(20241129);
        var client = _host.ClientAs("fuzz.admin", "gxj", "admin");
        var token = _host.Services.GetRequiredService<global::QingzhouPlan.Server.Access.TokenMinter>().Mint("fuzz.admin", "gxj", ["admin", "reviewer", "reporter", "auditor"]);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        client.Timeout = TimeSpan.FromSeconds(30);
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]?["schemas"]?.AsObject();
        var codes = (await _host.Viewer().GetFromJsonList("/api/plans/qingzhou-2024/indicators")).Select(i => i.GetProperty("code").GetString()!).ToList();
        var statuses = new Dictionary<int, int>();
        var operations = 0;
        var clock = Stopwatch.StartNew();

        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                operations++;
                for (var call = 0; call < CallsPerOperation; call++)
                {
                    var url = Url(path, operation!, random, codes);
                    var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                    if (operation!["requestBody"] is { } body)
                        request.Content = new StringContent(Body(body, schemas, random), Encoding.UTF8, random.Next(10) == 0 ? "text/plain" : "application/json");
                    var before = await HighestSequence();
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    status.ShouldBeLessThan(500, $"{method.ToUpperInvariant()} {url}");
                    if (status >= 400)
                        (await HighestSequence()).ShouldBe(before, $"{method.ToUpperInvariant()} {url} was refused ({status}) yet appended");
                }
            }

        output.WriteLine($"{operations} operations × {CallsPerOperation} calls in {clock.Elapsed.TotalSeconds:0.0} s: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        operations.ShouldBeGreaterThan(40);
        statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value).ShouldBeGreaterThan(100);
        statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value).ShouldBeGreaterThan(500);
    }

    private async Task<long> HighestSequence() => await _host.Store.Storage.Database.FetchHighestEventSequenceNumber();

    private static string Url(string path, JsonNode operation, Random random, List<string> codes)
    {
        var url = new StringBuilder(path);
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var name = parameter!["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var value = Pick(random, name, codes);
            // A NUL in a path never reaches a server: Kestrel refuses the request line (and the test client will not build it).
            if (location == "path")
                url.Replace($"{{{name}}}", Uri.EscapeDataString(value.Replace("\u0000", "")));
            else if (location == "query" && random.Next(3) > 0)
                url.Append(url.ToString().Contains('?') ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return url.ToString();
    }

    private static string Pick(Random random, string name, List<string> codes) => (name, random.Next(4)) switch
    {
        ("planId", > 0) => random.Next(5) == 0 ? "qingzhou-2023" : "qingzhou-2024",
        ("code", > 0) => codes[random.Next(codes.Count)],
        ("department", > 0) => new[] { "gxj", "tjj", "fgj", "sjb" }[random.Next(4)],
        ("number" or "id" or "page" or "pageSize", > 0) => new[] { "1", "0", "-1", "99999999999", "2" }[random.Next(5)],
        ("format", > 0) => new[] { "json", "csv", "xlsx", "pdf" }[random.Next(4)],
        ("period", > 0) => new[] { "2024-06", "2024-Q2", "2024-13", "2023-12" }[random.Next(4)],
        _ => Strings[random.Next(Strings.Length)],
    };

    private static string Body(JsonNode body, JsonObject? schemas, Random random)
    {
        var reference = body["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
        var schema = reference is null ? null : schemas?[reference.Split('/')[^1]];
        var value = new JsonObject();
        // Half the bodies are plausible, so that the accepting paths are walked too; the rest are anything.
        var plausible = random.Next(2) == 0;
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
            if (random.Next(6) > 0)
                value[name] = plausible && Plausible(name, random) is { } sensible ? sensible : Value(property, random);
        return random.Next(12) switch
        {
            0 => "{\"period\": ",
            1 => "[1,2,3]",
            2 => "null",
            3 => new string('[', 5000),
            4 => value.ToJsonString().Replace("}", ",\"user\":\"someone.else\"}"),
            _ => value.ToJsonString(),
        };
    }

    private static JsonNode? Plausible(string name, Random random)
    {
        T One<T>(params T[] values) => values[random.Next(values.Length)];
        return name switch
        {
            "reportId" or "progressId" => Guid.NewGuid().ToString("N"),
            "period" => One("2024-06", "2024-Q2", "2024-H1", "2024-05", "2024-04"),
            "value" => One<JsonNode>(3, 12, 14.5m, 30, 100),
            "unit" => One("亿元", "个", "家", "%", "万元", "处"),
            "reason" or "narrative" or "note" or "basis" or "legalBasis" or "title" => One("统计口径调整", "市人大常委会批准", "青编发〔2024〕8号"),
            "status" => One("InProgress", "AtRisk", "Done", "Cancelled"),
            "comparator" => One("Reach", "AtLeast", "Exceed"),
            "effectiveFrom" => One("2024-07-01", "2024-09-01"),
            "department" or "into" => One("gxj", "tjj", "fgj"),
            "tolerance" => 0,
            _ => null,
        };
    }

    private static JsonNode? Value(JsonNode? property, Random random)
    {
        var type = property?["type"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "string",
            _ => "string",
        };
        // A wrong type now and then.
        if (random.Next(8) == 0)
            type = type == "string" ? "number" : "string";
        return type switch
        {
            "number" or "integer" => Numbers[random.Next(Numbers.Length)]?.DeepClone(),
            "boolean" => random.Next(2) == 0,
            "array" => new JsonArray(Enumerable.Range(0, random.Next(3)).Select(_ => (JsonNode?)JsonValue.Create(Strings[random.Next(Strings.Length)])).ToArray()),
            _ => JsonValue.Create(Strings[random.Next(Strings.Length)]),
        };
    }
}
