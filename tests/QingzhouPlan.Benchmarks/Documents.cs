using System.Diagnostics;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Reports.Documents;
using QingzhouPlan.Domain.Tasks;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Reports.Documents;

namespace QingzhouPlan.Benchmarks;

/// <summary>
/// The full-year execution report written as a document, from its events to the file: the seed plan with every figure
/// of the year reported on track, and a plan ten times its size (each item ten times over). Events are made in
/// memory, so the figures are the document's own cost (the endpoint adds reading the events, measured as as-of).
/// </summary>
public static class Documents
{
    public sealed record Render(int Items, int Events, double BuildMs, double PdfMs, double DocxMs, int PdfBytes, int DocxBytes, int Pages);

    public static Render Measure(int copies)
    {
        var seed = SeedFiles.Read(Path.Combine(PlanCopies.RepositoryRoot(), "seeds", "plan-2024.yaml"));
        var streams = PlanSeedEvents.From(seed, "bench", ActedBy.System());
        var adopted = streams.SelectMany(s => s.Events).OfType<PlanAdopted>().Single();
        var known = new List<RecordedEvent>();
        var sequence = 0L;
        var at = new DateTimeOffset(2024, 1, 12, 9, 0, 0, TimeSpan.FromHours(8));
        var reporter = new ActedBy("bench.reporter", "gxj", null, [Roles.Reporter]);
        foreach (var stream in streams.Where(s => s.Key.StartsWith($"{adopted.PlanId}/", StringComparison.Ordinal)))
            for (var copy = 0; copy < copies; copy++)
            {
                var key = copy == 0 ? stream.Key : $"{stream.Key}-{copy}";
                var events = stream.Events.Select(e => Renamed(e, copy)).ToList();
                if (events[0] is IndicatorDefined d && events.OfType<TargetSet>().FirstOrDefault() is { } target)
                    events.AddRange(Domain.Calendar.ReportingCalendar.PeriodsOf(d.Frequency, d.PlanYear).Select(p => (object)new ValueReported(p,
                        d.Measure is MeasureKind.GrowthRate ? target.Target.Value : Math.Ceiling(target.Target.Value * p.LastMonth / 12m),
                        $"r-{p}", 0m, d.Unit, null, null, reporter)));
                for (var v = 0; v < events.Count; v++)
                    known.Add(new RecordedEvent(key, v + 1, ++sequence, at.AddMinutes(sequence), events[v]));
            }
        var names = adopted.Departments.ToDictionary(d => d.Code, d => d.Name);
        var sources = new DocumentSources(adopted, names, Period.Month(2024, 12), at.AddYears(1), known, null, null, null);

        ReportDocument document = null!;
        var build = Best(() => document = ReportDocumentBuilder.Build(sources));
        byte[] pdf = [], docx = [];
        var pdfMs = Best(() => pdf = PdfReportWriter.Write(document, CjkFont.DefaultFile));
        var docxMs = Best(() => docx = DocxReportWriter.Write(document));
        var pages = System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), "/Type\\s*/Page[^s]").Count;
        return new Render(known.Select(e => e.Stream).Distinct().Count(), known.Count, build, pdfMs, docxMs, pdf.Length, docx.Length, pages);
    }

    // The item under another code for each copy past the first (GDP-3), so the copies are items of their own.
    private static object Renamed(object e, int copy) => copy == 0 ? e : e switch
    {
        IndicatorDefined d => d with { Code = $"{d.Code}-{copy}", Name = $"{d.Name}（{copy}）" },
        TaskDefined t => t with { Code = $"{t.Code}-{copy}" },
        _ => e,
    };

    // The fastest of three after one unmeasured warm-up: the code's cost, not the JIT's.
    private static double Best(Action action)
    {
        action();
        return Enumerable.Range(0, 3).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            action();
            return clock.Elapsed.TotalMilliseconds;
        }).Min();
    }
}
