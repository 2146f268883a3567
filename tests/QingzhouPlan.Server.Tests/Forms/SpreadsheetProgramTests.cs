using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ClosedXML.Excel;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Server.Forms.Reading;
using QingzhouPlan.Server.Tests.Forms.Programs;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>
/// 市工业和信息化局's March form filled and saved by programs no one here wrote: openpyxl (a formula saved without its
/// result is refused in words, nothing committed), LibreOffice Calc (its re-save of the same file commits the typed
/// figures; the template keeps its hidden header sheet, protection and drop-down), and LibreOffice's .xls (refused,
/// saying how to save as .xlsx).
/// </summary>
public sealed class SpreadsheetProgramTests : IAsyncLifetime
{
    private const string Plan = "/api/plans/qingzhou-2024";
    private const string Form = $"{Plan}/departments/gxj/forms";
    private readonly ManualClock _clock = ManualClock.At(2024, 4, 5);
    private readonly PlanHost _host;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"forms-{Guid.NewGuid():N}");
    private HttpClient _gxj = null!;

    // On track for March: 30 亿元 a year is 7.5 by March; the quarterly counts well under way.
    private static readonly string[] Typed =
    [
        "KEY-INDUSTRIAL-INVESTMENT=23.5", "KEY-INDUSTRIAL-PROJECTS=30", "DIGITALISATION-RATE=72.5", "DIGITAL-SCENARIOS=5",
        "BASE-STATIONS-5G=20", "QUALITY-ENTERPRISES=12", "DIGITAL-PROJECTS=8",
    ];

    public SpreadsheetProgramTests() => _host = new PlanHost(clock: _clock);

    public Task InitializeAsync()
    {
        _gxj = _host.ClientAs("li.wei", "gxj");
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_formula_openpyxl_saved_without_its_result_is_refused_and_LibreOffice_s_resave_commits_the_typed_figures()
    {
        var filled = await SpreadsheetPrograms.FillWithOpenpyxl(await Template(), Typed, ["LOCAL-PROCUREMENT=3+4.5"]);

        var refused = await Upload(await File.ReadAllBytesAsync(filled), commit: true);
        refused.StatusCode.ShouldNotBe(HttpStatusCode.Created);
        var errors = Findings(await refused.Json()).Where(f => f.Severity == "Error").ToList();
        var finding = errors.ShouldHaveSingleItem();
        finding.Column.ShouldBe(FormColumns.Value);
        finding.Message.ShouldContain("没有可用的计算结果");
        finding.Message.ShouldContain($"第{finding.Row}行");
        (await Figure("KEY-INDUSTRIAL-INVESTMENT", "2024-03")).ShouldBeNull();

        // LibreOffice opens the same file, calculates the formula, and saves it with its result.
        var resaved = await SpreadsheetPrograms.Resave(filled, "xlsx");
        var dryRun = await Upload(await File.ReadAllBytesAsync(resaved));
        dryRun.StatusCode.ShouldBe(HttpStatusCode.OK, await dryRun.Content.ReadAsStringAsync());
        Findings(await dryRun.Json()).Where(f => f.Severity == "Error").ShouldBeEmpty();
        (await Upload(await File.ReadAllBytesAsync(resaved), commit: true)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Figure("LOCAL-PROCUREMENT", "2024-03")).ShouldBe(7.5m);
        (await Figure("KEY-INDUSTRIAL-INVESTMENT", "2024-03")).ShouldBe(23.5m);
        (await Figure("DIGITALISATION-RATE", "2024-Q1")).ShouldBe(72.5m);
        (await Figure("BASE-STATIONS-5G", "2024-Q1")).ShouldBe(20m);
    }

    [Fact]
    public async Task The_template_survives_a_LibreOffice_save_and_its_xls_is_refused_saying_how_to_save_it()
    {
        var resaved = await SpreadsheetPrograms.Resave(await Template(), "xlsx");
        using (var book = new XLWorkbook(resaved))
        {
            book.Worksheets.Select(s => s.Name).ShouldContain("_表单");
            book.Worksheet("_表单").Visibility.ShouldNotBe(XLWorksheetVisibility.Visible);
            book.Worksheet(FormColumns.FiguresSheet).IsProtected.ShouldBeTrue();
            var tasks = book.Worksheet(FormColumns.TasksSheet);
            var status = tasks.Row(3).CellsUsed().Single(c => c.GetString() == FormColumns.NewStatus).Address.ColumnNumber;
            tasks.Cell(4, status).HasDataValidation.ShouldBeTrue();
        }
        // Untouched but re-saved, it reads as the form it is: nothing to change, nothing wrong.
        var dryRun = await Upload(await File.ReadAllBytesAsync(resaved));
        dryRun.StatusCode.ShouldBe(HttpStatusCode.OK, await dryRun.Content.ReadAsStringAsync());

        var xls = await SpreadsheetPrograms.Resave(await Template(), "xls");
        var refused = await Upload(await File.ReadAllBytesAsync(xls));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("另存为");
        (await refused.Json()).GetProperty("detail").GetString().ShouldBe(ZipGuard.LegacyWorkbook);
    }

    private async Task<string> Template()
    {
        var response = await _gxj.GetAsync($"{Form}/2024-03");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var path = Path.Combine(_folder, $"template-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private Task<HttpResponseMessage> Upload(byte[] file, bool commit = false)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return _gxj.PostAsync(commit ? $"{Form}?commit=true" : Form, content);
    }

    private sealed record Finding(string Severity, int? Row, string? Column, string Message);

    // A dry run's answer, or a refusal's problem that carries it.
    private static List<Finding> Findings(JsonElement answer) =>
        (answer.TryGetProperty("answer", out var inner) ? inner : answer).GetProperty("findings").EnumerateArray().Select(f => new Finding(f.GetProperty("severity").GetString()!,
            f.TryGetProperty("row", out var row) && row.ValueKind == JsonValueKind.Number ? row.GetInt32() : null,
            f.TryGetProperty("column", out var column) && column.ValueKind == JsonValueKind.String ? column.GetString() : null,
            f.GetProperty("message").GetString()!)).ToList();

    private Task<decimal?> Figure(string code, string period) => _gxj.StandingFigure($"{Plan}/indicators/{code}", period);
}
