using System.Net;
using System.Text;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// Inputs a careless user or an attacker sent, each once answered 201 or 500: now a problem naming the
/// field, nothing appended, and the plan still answers after the attempt.
/// </summary>
public sealed class EdgeInputTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 7, 12));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string, string, string, string> Cases() => new()
    {
        // name, caller department/role, url, body, field
        { "task status as a number", "wlj/reporter", $"{Plan}/tasks/T-RESORT-CREATE/progress", """{"status":7,"narrative":"x"}""", "status" },
        { "comparator as a number", "fgj/reviewer", $"{Plan}/indicators/DIGITAL-PROJECTS/target-adjustments",
            """{"value":20,"comparator":9,"reason":"r","legalBasis":"b","effectiveFrom":"2024-07-01"}""", "comparator" },
        { "a target of 1e-28", "fgj/reviewer", $"{Plan}/indicators/DIGITAL-PROJECTS/target-adjustments",
            """{"value":0.0000000000000000000000000001,"comparator":"Reach","reason":"r","legalBasis":"b","effectiveFrom":"2024-07-01"}""", "value" },
        { "a fractional count of a target", "fgj/reviewer", $"{Plan}/indicators/DIGITAL-PROJECTS/target-adjustments",
            """{"value":20.5,"comparator":"Reach","reason":"r","legalBasis":"b","effectiveFrom":"2024-07-01"}""", "value" },
        { "a negative count", "jtj/reporter", $"{Plan}/indicators/CHARGING-STATIONS/reports", """{"reportId":"neg","period":"2024-Q2","value":-3,"unit":"处"}""", "value" },
        { "a fractional count", "jtj/reporter", $"{Plan}/indicators/CHARGING-STATIONS/reports", """{"reportId":"half","period":"2024-Q2","value":2.5,"unit":"处"}""", "value" },
        { "a negative amount", "gxj/reporter", $"{Plan}/indicators/LOCAL-PROCUREMENT/reports", """{"reportId":"neg","period":"2024-06","value":-1,"unit":"亿元"}""", "value" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_naming_the_field_and_appends_nothing(string name, string caller, string url, string body, string field)
    {
        var (department, role) = (caller.Split('/')[0], caller.Split('/')[1]);
        var stream = url[(Plan.Length + 1)..].Split('/') is [_, var code, ..] ? $"qingzhou-2024/{code}" : throw new ArgumentException(url);
        var before = (await _host.Events(stream)).Count;

        var response = await _host.ClientAs($"{department}.user", department, role)
            .PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, name);
        (await response.ProblemErrors()).ShouldContainKey(field, name);
        (await _host.Events(stream)).Count.ShouldBe(before, name);
        (await _host.Viewer().GetAsync($"{Plan}/summary")).StatusCode.ShouldBe(HttpStatusCode.OK, name);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01T00:00:00")]
    [InlineData("2024-07-15T10:00:00+99:00")]
    public async Task An_instant_out_of_range_is_a_bad_request_not_a_failure(string asOf)
    {
        var response = await _host.ClientAs("he.audit", "sjj", "auditor").GetAsync($"{Plan}/reports/2024-06?asOf={Uri.EscapeDataString(asOf)}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, asOf);
        (await response.ProblemErrors()).ShouldContainKey("asOf");
    }

    [Fact]
    public async Task A_note_written_like_a_formula_is_exported_as_text()
    {
        (await _host.ClientAs("li.wei", "gxj").PostJson($"{Plan}/indicators/LOCAL-PROCUREMENT/reports",
            new { reportId = "formula", period = "2024-06", value = 14m, unit = "亿元", note = "=HYPERLINK(\"http://x.invalid\",\"点击\")" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var csv = await (await _host.ClientAs("he.audit", "sjj", "auditor").GetAsync($"{Plan}/indicators/LOCAL-PROCUREMENT/history?format=csv")).Content.ReadAsStringAsync();

        csv.ShouldContain("\"'=HYPERLINK(");
        csv.ShouldNotContain(",\"=HYPERLINK(");

        // In Excel the note is a text cell, never a formula.
        var xlsx = await (await _host.ClientAs("he.audit", "sjj", "auditor").GetAsync($"{Plan}/indicators/LOCAL-PROCUREMENT/history?format=xlsx")).Content.ReadAsStreamAsync();
        using var workbook = new ClosedXML.Excel.XLWorkbook(xlsx);
        var cell = workbook.Worksheet(1).CellsUsed().Single(c => c.GetString().Contains("HYPERLINK"));
        cell.HasFormula.ShouldBeFalse();
        cell.DataType.ShouldBe(ClosedXML.Excel.XLDataType.Text);
    }
}
