using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// Many reports in one request, for systems rather than people: a county's statistics system or a spreadsheet
/// sends hundreds of figures at once. Each report is exactly a single report — the same validation, the same
/// indicator grain deciding with the same rules and permissions, idempotent on its report id, optionally only
/// onto the version the sender read — and gets its own answer; one refused report stops none of the others.
/// Reports of one indicator are decided in the order sent; different indicators at once, so that their commits
/// share the appender's transactions.
/// </summary>
public static class ReportBatches
{
    public const int MaxReports = 1000;

    public const long MaxBytes = 1024 * 1024;

    private const int InFlight = 64;

    public static async Task<Results<Ok<BatchAnswer>, ProblemHttpResult>> Commit(
        string planId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (body, problem) = await Problems.ReadJson<ReportBatchRequest>(context.Request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        if (body!.Reports is not { Count: > 0 } reports)
            return Problems.Field(StatusCodes.Status400BadRequest, "reports", "required: at least one report", clerk: "没有要报送的数据");
        if (reports.Count > MaxReports)
            return Problems.Field(StatusCodes.Status400BadRequest, "reports", $"at most {MaxReports} reports in one request, not {reports.Count}",
                clerk: $"一次最多报送 {MaxReports} 条，本次 {reports.Count} 条，请分批报送");

        var actor = CurrentActor.From(context);
        var answers = new BatchItemAnswer[reports.Count];
        var byIndicator = reports.Select((report, index) => (Report: report, Index: index)).GroupBy(r => r.Report?.Indicator?.Trim() ?? "");
        await Parallel.ForEachAsync(byIndicator, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = context.RequestAborted },
            async (indicator, _) =>
            {
                foreach (var (report, index) in indicator)
                    answers[index] = await One(grains, planId, report, index, actor);
            });
        return TypedResults.Ok(new BatchAnswer(
            answers.Count(a => a.Status == StatusCodes.Status201Created),
            answers.Count(a => a.Status == StatusCodes.Status200OK),
            answers.Count(a => a.Problem is not null),
            answers));
    }

    private static async Task<BatchItemAnswer> One(IGrainFactory grains, string planId, BatchReport? report, int index, Domain.ActedBy actor)
    {
        if (report is null)
            return Refused(index, null, Problems.Field(StatusCodes.Status400BadRequest, "report", "a JSON object is required"));
        if (string.IsNullOrWhiteSpace(report.Indicator))
            return Refused(index, report, Problems.Field(StatusCodes.Status400BadRequest, "indicator", "required: the indicator's code", clerk: "缺少指标代码"));
        if (report.ExpectedVersion < 0)
            return Refused(index, report, Problems.Field(StatusCodes.Status400BadRequest, "expectedVersion", "a version is 0 or more"));
        var validated = new ReportRequest(report.ReportId, report.Period, report.Value, report.Unit, report.Note, report.Source, report.Explanation).ToCommand();
        if (validated.Command is not { } command)
            return Refused(index, report, Problems.Field(StatusCodes.Status400BadRequest, validated.Field!, validated.Message!));
        var code = report.Indicator.Trim();
        var result = await grains.GetGrain<IIndicatorGrain>(PlanKeys.Item(planId, code)).Report(command, actor, null, report.ExpectedVersion);
        return result.Refusal is { } refusal
            ? Refused(index, report, Problems.From(refusal))
            : new BatchItemAnswer(index, code, command.ReportId,
                result.Appended ? StatusCodes.Status201Created : StatusCodes.Status200OK, result.Version, result.Appended, null);
    }

    private static BatchItemAnswer Refused(int index, BatchReport? report, ProblemHttpResult problem) =>
        new(index, report?.Indicator, report?.ReportId, problem.StatusCode, null, false, problem.ProblemDetails);
}

public sealed record ReportBatchRequest(IReadOnlyList<BatchReport?>? Reports);

/// <summary>One report of a batch: a single report's fields, the indicator it is for, and optionally the version it was read at.</summary>
public sealed record BatchReport(string? Indicator, string? ReportId, string? Period, decimal? Value, string? Unit,
    string? Note = null, string? Source = null, string? Explanation = null, long? ExpectedVersion = null);

/// <summary>How many reports were recorded, were already recorded, or were refused, and each one's answer in the order sent.</summary>
public sealed record BatchAnswer(int Committed, int Unchanged, int Refused, IReadOnlyList<BatchItemAnswer> Results);

/// <summary>
/// A report's answer: the status its single report would have had (201 recorded, 200 already recorded, 4xx refused),
/// the indicator's version after it, and for a refusal the problem a single report would have got.
/// </summary>
public sealed record BatchItemAnswer(int Index, string? Indicator, string? ReportId, int Status, long? Version, bool Appended, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem);
