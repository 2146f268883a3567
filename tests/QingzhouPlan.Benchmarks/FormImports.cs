using System.Diagnostics;
using System.Net.Http.Headers;
using ClosedXML.Excel;
using QingzhouPlan.Domain.Forms;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// A department's report form with thousands of rows: a plan of its own (bench-forms) whose one department
/// (gxj) owns every indicator, each monthly. The form for March is downloaded, filled in, checked, committed,
/// and committed again (every row unchanged). While it commits, single reports of other plans go on one after
/// another: their latency shows whether the form holds them behind it.
/// </summary>
public static class FormImports
{
    public const string PlanId = "bench-forms";

    public static void WritePlan(string directory, int indicators)
    {
        var yaml = File.ReadAllText(Path.Combine(PlanCopies.RepositoryRoot(), "seeds", "plan-2024.yaml"));
        var head = yaml[..yaml.IndexOf("\nindicators:", StringComparison.Ordinal)]
            .Replace("  id: qingzhou-2024\n", $"  id: {PlanId}\n")
            .Replace("previousPlanId: qingzhou-2023", $"previousPlanId: {PlanId}-prev");
        using var file = new StreamWriter(Path.Combine(directory, $"plan-{PlanId}.yaml"));
        file.WriteLine(head);
        file.WriteLine("indicators:");
        for (var n = 1; n <= indicators; n++)
            file.WriteLine($"  - {{ code: F-{n:D5}, name: 表单指标{n:D5}, chapter: 一, measure: amount, valueKind: yearToDate, frequency: monthly, unit: 亿元, target: 90, comparator: atLeast, owner: gxj, source: 表单基准 }}");
        file.WriteLine("results: []");
        file.WriteLine("tasks: []");
    }

    public sealed record Timings(int Rows, double TemplateMs, double DryRunMs, double CommitMs, double AgainMs, long Bytes, IReadOnlyList<double> ReportsDuringCommitMs);

    public static async Task<Timings> Measure(HttpClient reporter, Func<Task> report)
    {
        var url = $"/api/plans/{PlanId}/departments/gxj/forms";
        var template = Stopwatch.StartNew();
        var blank = await (await Ok(reporter.GetAsync($"{url}/2024-03"))).Content.ReadAsByteArrayAsync();
        var templateMs = template.Elapsed.TotalMilliseconds;

        var (file, rows) = Fill(blank);
        var dryRun = Stopwatch.StartNew();
        await Ok(Upload(reporter, url, file));
        var dryRunMs = dryRun.Elapsed.TotalMilliseconds;
        var commit = Stopwatch.StartNew();
        var committing = Ok(Upload(reporter, $"{url}?commit=true", file));
        var during = new List<double>();
        while (!committing.IsCompleted)
        {
            var one = Stopwatch.GetTimestamp();
            await report();
            during.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }
        await committing;
        var commitMs = commit.Elapsed.TotalMilliseconds;
        var again = Stopwatch.StartNew();
        await Ok(Upload(reporter, $"{url}?commit=true", file));
        return new Timings(rows, templateMs, dryRunMs, commitMs, again.Elapsed.TotalMilliseconds, file.Length, during);
    }

    private static (byte[] File, int Rows) Fill(byte[] blank)
    {
        using var source = new MemoryStream();
        source.Write(blank);
        source.Position = 0;
        using var workbook = new XLWorkbook(source);
        var sheet = workbook.Worksheet(FormColumns.FiguresSheet);
        var rows = 0;
        foreach (var row in sheet.RowsUsed().Skip(3))
        {
            row.Cell(9).SetValue(1 + rows % 50 / 10m);
            rows++;
        }
        var saved = new MemoryStream();
        workbook.SaveAs(saved);
        return (saved.ToArray(), rows);
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, string url, byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return client.PostAsync(url, content);
    }

    private static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
