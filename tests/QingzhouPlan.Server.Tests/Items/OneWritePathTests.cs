using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Forms;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// Every path that writes events — a command, a form, a plan's loading, a reorganisation, an edition — goes
/// through the one appender: each event carries the appender's headers, and a silo whose membership is in
/// doubt after a stall writes nothing on any of them.
/// </summary>
public sealed class OneWritePathTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 4, 5));
    private HttpClient _gxj = null!;
    private HttpClient _admin = null!;

    public Task InitializeAsync()
    {
        _gxj = _host.ClientAs("li.wei", "gxj");
        _admin = _host.ClientAs("zhang.admin", "fgj", "admin");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_path_writes_through_the_appender_and_each_event_carries_its_headers()
    {
        foreach (var write in Writes())
            (await write.Send()).StatusCode.ShouldBeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], write.Name);
        await LoadCopyOfPlan("qingzhou-copy");

        var operations = await Text("SELECT string_agg(DISTINCT headers ->> 'operation', ',' ORDER BY headers ->> 'operation') FROM {schema}.mt_events");
        operations.Split(',').ShouldBe(["AdjustTarget", "ChangePlan", "CommitForm", "LoadPlan", "PublishEdition", "ReportValue"]);
        (await Text("SELECT count(*) FROM {schema}.mt_events WHERE headers ->> 'operation' IS NULL OR headers ->> 'commit' IS NULL"))
            .ShouldBe("0", "events written without the appender's headers");
        (await Text("SELECT count(*) FROM {schema}.mt_events WHERE headers ->> 'operation' = 'CommitForm' AND headers ->> 'form-row' IS NULL"))
            .ShouldBe("0", "a form's events each name their row");
    }

    [Fact]
    public async Task A_silo_that_stalled_and_was_declared_dead_writes_nothing_on_any_path()
    {
        var fence = _host.Services.GetRequiredService<StallFence>();
        var before = await Text("SELECT count(*) FROM {schema}.mt_events");
        fence.OwnStatus = _ => Task.FromResult(SiloStatus.Dead);

        foreach (var write in Writes())
        {
            fence.MarkStalled();
            (await write.Send()).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, write.Name);
        }
        fence.MarkStalled();
        await Should.ThrowAsync<SiloUnavailableException>(() => LoadCopyOfPlan("qingzhou-refused"));

        (await Text("SELECT count(*) FROM {schema}.mt_events")).ShouldBe(before);
        // Alive after all: the next commit goes through.
        fence.OwnStatus = _ => Task.FromResult(SiloStatus.Active);
        (await Writes()[0].Send()).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private sealed record Write(string Name, Func<Task<HttpResponseMessage>> Send);

    private List<Write> Writes() =>
    [
        new("command", () => _gxj.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports", new { reportId = "one-path", period = "2024-03", value = 8m, unit = "亿元" })),
        new("target adjustment", () => _admin.PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/target-adjustments",
            new { value = 32m, comparator = "Exceed", effectiveFrom = "2024-04-01", reason = "调整", legalBasis = "市人大常委会批准" })),
        new("form", Form),
        new("reorganisation", () => _admin.PostJson($"{Plan}/departments", new { code = "sjb", name = "市数据局", effectiveFrom = "2024-07-01", basis = "青编发〔2024〕8号" })),
        new("edition", () => _admin.PostJson($"{Plan}/editions", new { period = "2024-03" })),
    ];

    private async Task<HttpResponseMessage> Form()
    {
        var template = await (await _gxj.GetAsync($"{Plan}/departments/gxj/forms/2024-03")).Content.ReadAsByteArrayAsync();
        using var form = new FilledForm(template);
        form.Cell(form.Figures, "KEY-INDUSTRIAL-INVESTMENT", FormColumns.Value).SetValue(23.5m);
        var content = new ByteArrayContent(form.Save());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return await _gxj.PostAsync($"{Plan}/departments/gxj/forms?commit=true", content);
    }

    private async Task LoadCopyOfPlan(string id)
    {
        var loader = _host.Services.GetServices<IHostedService>().OfType<PlanLoader>().Single();
        var seed = SeedFiles.Read(Path.Combine(Seeds.Directory, "plan-2024.yaml"));
        seed.Plan.Id = id;
        seed.Plan.PreviousPlanId = $"{id}-previous";
        await loader.Load(seed, seed.Plan.DocumentSha256);
    }

    private async Task<string> Text(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ServiceEndpoints.PostgreSql);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql.Replace("{schema}", _host.Schema), connection);
        return Convert.ToString(await command.ExecuteScalarAsync()) ?? "";
    }
}
