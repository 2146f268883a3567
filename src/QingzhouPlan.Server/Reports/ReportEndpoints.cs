using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Reports;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;

namespace QingzhouPlan.Server.Reports;

/// <summary>As-of execution reports, diffs between instants, and published editions.</summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/plans/{planId}").WithTags("Reports");

        reports.MapGet("/reports/{period}", async (string planId, string period, string? asOf, string? format, HttpContext context,
                PlanEventReader reader, HeavyReads heavy, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
            {
                if (!Period.TryParse(period, out var p, out var periodError))
                    return Problems.Field(StatusCodes.Status400BadRequest, "period", periodError);
                if (Instant(asOf, clock) is not { } at)
                    return BadInstant("asOf", asOf);
                return await heavy.Report(context, async () =>
                {
                    var report = await reader.ReportAt(planId, p, at, ct);
                    return Exports.Answer(format, report, () => Exports.Of(report), $"{planId}-{p}-asof");
                });
            })
            .RequireAuthorization(Policies.ReadPast)
            .WithSummary("The execution report for a period (2024-06 = 1–6月) exactly as it stood at an instant (asOf; default now); format json, csv or xlsx");

        reports.MapGet("/reports/{period}/document", async (string planId, string period, string? asOf, int? edition, string? format, HttpContext context,
                Documents.ReportDocuments documents, HeavyReads heavy, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
            {
                if (!Period.TryParse(period, out var p, out var periodError))
                    return Problems.Field(StatusCodes.Status400BadRequest, "period", periodError);
                if (DocumentFormat(format) is not { } kind)
                    return Problems.Field(StatusCodes.Status400BadRequest, "format", "one of pdf, docx", clerk: "文件格式须为 PDF 或 Word（docx）");
                if (edition is not null && asOf is not null)
                    return Problems.Field(StatusCodes.Status400BadRequest, "edition", "give an edition or an instant (asOf), not both", clerk: "请在已发布版本和时点中选择一项");
                if (edition is null && Instant(asOf, clock) is null)
                    return BadInstant("asOf", asOf);
                return await heavy.Report(context, async () =>
                {
                    if (edition is { } number)
                    {
                        if (await documents.PeriodOf(planId, number, ct) is { } published && published != p.ToString())
                            return Problems.Field(StatusCodes.Status400BadRequest, "period", $"edition {number} is a report for {published}, not {p}",
                                clerk: $"第 {number} 版是 {published} 的报告");
                        var (document, missing) = await documents.Edition(planId, number, ct);
                        return document is null ? EditionMissing(context, planId, number, missing) : File(documents.Write(document, kind), kind, $"{planId}-{p}-edition-{number}");
                    }
                    var at = Instant(asOf, clock)!.Value;
                    return await documents.AsOf(planId, p, at, ct) is { } asOfDocument
                        ? File(documents.Write(asOfDocument, kind), kind, $"{planId}-{p}-asof")
                        : Problems.Field(StatusCodes.Status404NotFound, "planId", $"plan '{planId}' was not adopted by {at:O}", clerk: "该时点计划尚未下达");
                });
            })
            .RequireAuthorization(Policies.ReadPast)
            .WithSummary("The execution report for a period as a document (format pdf or docx), exactly as it stood at an instant (asOf; default now) or as an edition published it (edition)");

        reports.MapGet("/reports/{period}/diff", async (string planId, string period, string? from, string? to, string? format, HttpContext context,
                PlanEventReader reader, HeavyReads heavy, [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
            {
                if (!Period.TryParse(period, out var p, out var periodError))
                    return Problems.Field(StatusCodes.Status400BadRequest, "period", periodError);
                if (from is null || Instant(from, clock) is not { } start)
                    return BadInstant("from", from);
                if (Instant(to, clock) is not { } end)
                    return BadInstant("to", to);
                return await heavy.Report(context, async () =>
                {
                    var before = await reader.ReportAt(planId, p, start, ct);
                    var after = await reader.ReportAt(planId, p, end, ct);
                    var diff = ReportComparison.Between(before, after, await Between(reader, planId, p, start, end, ct));
                    return Exports.Answer(format, diff, () => Exports.Of(diff), $"{planId}-{p}-diff");
                });
            })
            .RequireAuthorization(Policies.Audit)
            .WithSummary("What changed in a period's report between two instants (to: default now), from what to what, by whom and why");

        reports.MapPost("/editions", async (string planId, HttpContext context, Editions editions,
                Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
            {
                var (request, bodyProblem) = await Problems.ReadJson<EditionRequest>(context.Request, json.Value.SerializerOptions);
                if (bodyProblem is not null)
                    return bodyProblem;
                if (!Period.TryParse(request!.Period, out var p, out var error))
                    return Problems.Field(StatusCodes.Status400BadRequest, "period", error);
                var (key, keyProblem) = CommandEndpoints.RetryKey(context);
                if (keyProblem is not null)
                    return keyProblem;
                var title = request.Title ?? $"{p} 执行情况";
                var retryKey = RetryKey.Of(key, Operations.PublishEdition, new { period = p.ToString(), title });
                var (edition, created, refusal) = await editions.Publish(planId, p, title, CurrentActor.From(context), retryKey, ct);
                if (refusal is not null)
                    return Problems.From(refusal);
                var body = new { edition!.Number, edition.Period, edition.Title };
                return created ? Results.Created($"/api/plans/{planId}/editions/{edition.Number}", body) : Results.Ok(body);
            })
            .Accepts<EditionRequest>("application/json")
            .RequireAuthorization(Policies.PublishEdition)
            .WithSummary("Publish the report for a period as an edition that pins the events it was built from (reviewer, admin)");

        reports.MapGet("/editions", async (string planId, Editions editions, CancellationToken ct) => Results.Ok(await editions.List(planId, ct)))
            .RequireAuthorization(Policies.ReadPast)
            .WithSummary("The published editions");

        reports.MapGet("/editions/{number:int}", async (string planId, int number, string? format, HttpContext context, Editions editions, HeavyReads heavy,
                [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken ct) =>
                await heavy.Report(context, async () => await editions.Render(planId, number, clock.GetUtcNow(), ct) is { } rendered
                    ? Exports.Answer(format, rendered, () => Exports.Of(rendered.Report, $"第{rendered.Number}版 {rendered.Title}"), $"{planId}-edition-{number}")
                    : Problems.Field(StatusCodes.Status404NotFound, "number", $"no edition {number} of plan '{planId}'")))
            .RequireAuthorization(Policies.ReadPast)
            .WithSummary("An edition exactly as published, with the figures revised since publication flagged");
    }

    private static Documents.ReportDocuments.Format? DocumentFormat(string? format) => (format ?? "pdf").ToLowerInvariant() switch
    {
        "pdf" => Documents.ReportDocuments.Format.Pdf,
        "docx" => Documents.ReportDocuments.Format.Docx,
        _ => null,
    };

    private static IResult File(byte[] bytes, Documents.ReportDocuments.Format format, string name) => format switch
    {
        Documents.ReportDocuments.Format.Pdf => Results.File(bytes, "application/pdf", $"{name}.pdf"),
        _ => Results.File(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"{name}.docx"),
    };

    private static IResult EditionMissing(HttpContext context, string planId, int number, string? missing)
    {
        if (missing == "edition")
            return Problems.Field(StatusCodes.Status404NotFound, "edition", $"plan '{planId}' has no edition {number}", clerk: $"没有第 {number} 版");
        // The edition's checkpoint follows its publication by moments; its document carries that proof, so it waits for it.
        context.Response.Headers.RetryAfter = "2";
        return Problems.Field(StatusCodes.Status503ServiceUnavailable, "edition", "the edition is not yet in a signed checkpoint; try again in a few seconds",
            clerk: "该版次尚未写入签名检查点，请稍后再试");
    }

    /// <summary>The instant a query names, or now when it names none; null when it cannot be read.</summary>
    private static DateTimeOffset? Instant(string? text, TimeProvider clock) =>
        text is null ? clock.GetUtcNow() : PlanClock.TryParseInstant(text, out var at) ? at : null;

    private static IResult BadInstant(string field, string? text) =>
        Problems.Field(StatusCodes.Status400BadRequest, field,
            text is null ? "required: an instant or a date (2024-07-15)" : $"'{text}' is not an instant: use 2024-07-15 or 2024-07-15T10:00:00+08:00");

    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<Domain.Audit.HistoryEntry>>> Between(
        PlanEventReader reader, string planId, Period period, DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
        ReportComparison.Between(await reader.KnownAt(planId, end, ct), period, start, end);
}

public sealed record EditionRequest(string? Period, string? Title);
