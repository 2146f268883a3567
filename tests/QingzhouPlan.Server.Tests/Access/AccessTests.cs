using QingzhouPlan.Domain;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Access;

/// <summary>One host for the whole matrix, with figures for the retraction and verification rows to act on.</summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public PlanHost Host { get; } = new(clock: ManualClock.At(2024, 7, 12));

    public async Task InitializeAsync()
    {
        var gxj = Host.ClientAs("li.wei", "gxj");
        await gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "m5", period = "2024-05", value = 12m, unit = "亿元" });
        await gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "m6", period = "2024-06", value = 13m, unit = "亿元" });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class AccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private readonly PlanHost _host = fixture.Host;

    public static TheoryData<string, string, string> MatrixCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in AccessMatrix.Rows)
            for (var i = 0; i < AccessMatrix.Callers.Length; i++)
                data.Add($"{row.Method} {row.Route}", AccessMatrix.Callers[i], row.Expected[i].ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(MatrixCases))]
    public async Task Each_caller_gets_what_the_matrix_says(string endpoint, string caller, string expected)
    {
        var row = AccessMatrix.Rows.Single(r => $"{r.Method} {r.Route}" == endpoint);
        var client = caller switch
        {
            "anonymous" => _host.CreateClient(),
            "reporter-own" or "reporter-other" => _host.ClientAs("li.wei", "gxj", Roles.Reporter),
            _ => _host.ClientAs($"{caller}.user", "fgj", caller),
        };
        var url = caller == "reporter-other" ? row.OtherUrl : row.OwnUrl;

        using var response = await row.Send(client, url);

        var status = (int)response.StatusCode;
        switch (expected)
        {
            case "U":
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{caller} {url}");
                break;
            case "F":
                response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{caller} {url}");
                (await response.ProblemErrors()).Keys.ShouldContain(k => k == "role" || k == "department" || k == "item");
                break;
            default:
                status.ShouldNotBeOneOf([401, 403], $"{caller} {url}");
                status.ShouldBeLessThan(500, $"{caller} {url}");
                break;
        }
    }

    /// <summary>
    /// Routing is case-insensitive and decodes escapes; the owner check must not depend on the path's shape.
    /// Each variant addresses an item of another department (GDP is tjj's, T-RESORT-CREATE is wlj's).
    /// </summary>
    [Theory]
    [InlineData("/api/plans/qingzhou-2024/TASKS/T-RESORT-CREATE/progress")]
    [InlineData("/API/Plans/qingzhou-2024/Tasks/T-RESORT-CREATE/Progress")]
    [InlineData("/api/plans/qingzhou-2024/tasks/T%2DRESORT-CREATE/progress")]
    [InlineData("/api/plans/qingzhou-2024/INDICATORS/GDP/reports")]
    [InlineData("/api/plans/qingzhou-2024/indicators/%47DP/REPORTS")]
    public async Task Path_variants_of_another_departments_item_are_refused_and_record_nothing(string url)
    {
        var task = url.Contains("progress", StringComparison.OrdinalIgnoreCase);
        var stream = task ? "qingzhou-2024/T-RESORT-CREATE" : "qingzhou-2024/GDP";
        var before = (await _host.Events(stream)).Count;
        object body = task
            ? new { status = "InProgress", narrative = "variant" }
            : new { reportId = $"variant-{url.Length}", period = "2024-06", value = 5.1m, unit = "%" };

        var response = await _host.ClientAs("li.wei", "gxj", Roles.Reporter).PostJson(url, body);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
        (await _host.Events(stream)).Count.ShouldBe(before, url);
    }

    [Fact]
    public void Every_endpoint_has_a_row_in_the_matrix()
    {
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Where(e => !e.StartsWith("HEAD", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        var rows = AccessMatrix.Rows.Select(r => $"{r.Method} {r.Route}").ToHashSet();

        endpoints.Where(e => !rows.Contains(e)).ShouldBeEmpty("endpoints without a row in AccessMatrix");
        rows.Where(r => !endpoints.Contains(r)).ShouldBeEmpty("rows for endpoints that no longer exist");
    }

    [Fact]
    public async Task Expired_wrongly_signed_wrong_audience_malformed_and_missing_tokens_get_401()
    {
        var auth = _host.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var minter = _host.Services.GetRequiredService<TokenMinter>();
        string Minted(Action<AuthOptions> change)
        {
            var options = new AuthOptions { Issuer = auth.Issuer, Audience = auth.Audience, SigningKey = auth.SigningKey };
            change(options);
            return new TokenMinter(Options.Create(options), PlanScope.Every).Mint("li.wei", "gxj", [Roles.Viewer]);
        }
        var tokens = new Dictionary<string, string?>
        {
            ["expired"] = minter.Mint("li.wei", "gxj", [Roles.Viewer], TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow.AddHours(-2)),
            ["wrongly signed"] = Minted(o => o.SigningKey = "another-key-of-sufficient-length-for-hmac-sha256!!"),
            ["wrong audience"] = Minted(o => o.Audience = "another-api"),
            ["wrong issuer"] = Minted(o => o.Issuer = "someone-else"),
            ["malformed"] = "not-a-jwt",
            ["missing"] = null,
        };

        foreach (var (name, token) in tokens)
        {
            var client = _host.CreateClient();
            if (token is not null)
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.GetAsync("/api/plans");
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, name);
            (await response.ProblemErrors()).ShouldContainKey("authorization", name);
        }
        (await _host.Viewer().GetAsync("/api/plans")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_actor_recorded_is_the_token_subject_never_a_header()
    {
        var client = _host.ClientAs("li.wei", "gxj");
        client.DefaultRequestHeaders.Add("X-User", "someone.else");
        client.DefaultRequestHeaders.Add("X-Department", "tjj");

        await client.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/corrections",
            new { period = "2024-06", value = 13.4m, unit = "亿元", reason = "actor check" });

        var corrected = (await _host.Events("qingzhou-2024/LOCAL-PROCUREMENT"))[^1].Data.ShouldBeOfType<Domain.Indicators.ValueCorrected>();
        (corrected.Actor.User, corrected.Actor.Department).ShouldBe(("li.wei", "gxj"));
    }
}
