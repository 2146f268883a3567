using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Reports;

namespace QingzhouPlan.Server.Audit;

public static class AuditEndpoints
{
    public const int MaxPageSize = 500;

    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        var plan = app.MapGroup("/api/plans/{planId}").WithTags("Audit").RequireAuthorization(Policies.Audit);
        plan.MapGet("/indicators/{code}/history", History)
            .WithSummary("Every change to an indicator: when, period, old → new, who, department, why, trace; filter by period and time, paged");
        plan.MapGet("/tasks/{code}/history", History)
            .WithSummary("Every change to a task, paged");
        app.MapPost("/api/audit/verify", Verify).Accepts<VerifyRequest>("application/json")
            .WithTags("Audit")
            .RequireAuthorization(Policies.Audit)
            .AddEndpointFilter(PlanScopeGate.EveryPlan)
            .WithSummary("Recompute every stream's hash chain and the transparency log from the events, check every signed checkpoint and published editions' chain heads, and — given a checkpoint kept outside (body) — that the log still extends it");
        app.MapGet("/api/audit/anchor", async (ChainAnchors anchors, CancellationToken ct) => Results.Ok(await anchors.Export(ct)))
            .WithTags("Audit")
            .RequireAuthorization(Policies.Audit)
            .AddEndpointFilter(PlanScopeGate.EveryPlan)
            .WithSummary("Every stream's chain head now, signed: a file to keep outside PostgreSQL and give back to verify");
    }

    private static async Task<IResult> Verify(HttpContext context, ChainVerifier verifier, ChainAnchors anchors, HeavyReads heavy,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        ChainAnchor? anchor = null;
        QingzhouPlan.Transparency.SignedNote? checkpoint = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await Problems.ReadJson<VerifyRequest>(context.Request, json.Value.SerializerOptions);
            if (problem is not null)
                return problem;
            anchor = body!.Anchor;
            if (anchor is not null && !anchors.IsGenuine(anchor))
                return Problems.Field(StatusCodes.Status400BadRequest, "anchor", "the signature does not match: this anchor was not made by this system, or was edited");
            if (body.Checkpoint is { } kept)
                try
                {
                    checkpoint = QingzhouPlan.Transparency.SignedNote.Parse(kept);
                }
                catch (FormatException ex)
                {
                    return Problems.Field(StatusCodes.Status400BadRequest, "checkpoint", $"not a signed checkpoint: {ex.Message}");
                }
        }
        return await heavy.Verification(context, async () => Results.Ok(await verifier.Verify(anchor, checkpoint, ct)));
    }

    private static async Task<IResult> History(
        string planId, string code, string? period, string? from, string? to, int? page, int? pageSize, string? format,
        PlanEventReader reader, CancellationToken ct)
    {
        if (period is not null && !Period.TryParse(period, out _, out var periodError))
            return Problems.Field(StatusCodes.Status400BadRequest, "period", periodError);
        DateTimeOffset start = DateTimeOffset.MinValue, end = DateTimeOffset.MaxValue;
        if (from is not null && !PlanClock.TryParseInstant(from, out start))
            return Problems.Field(StatusCodes.Status400BadRequest, "from", "an instant or a date (2024-07-15)");
        if (to is not null && !PlanClock.TryParseInstant(to, out end))
            return Problems.Field(StatusCodes.Status400BadRequest, "to", "an instant or a date (2024-07-15)");
        var size = pageSize ?? 100;
        if (size is < 1 or > MaxPageSize)
            return Problems.Field(StatusCodes.Status400BadRequest, "pageSize", $"from 1 to {MaxPageSize}");
        var number = page ?? 1;
        if (number < 1)
            return Problems.Field(StatusCodes.Status400BadRequest, "page", "from 1");

        var events = await reader.Stream(PlanKeys.Item(planId, code), ct);
        if (events.Count == 0)
            return Problems.Field(StatusCodes.Status404NotFound, "code", $"no item '{code}' in plan '{planId}'");
        var entries = Domain.Audit.History.Of(events)
            .Where(h => (period is null || h.Period == period) && h.RecordedAt >= start && h.RecordedAt <= end)
            .ToList();
        var pageEntries = entries.Skip((number - 1) * size).Take(size).ToList();
        var body = new HistoryPage(code, number, size, entries.Count, pageEntries);
        return Exports.Answer(format, body, () => Exports.Of(code, pageEntries), $"{planId}-{code}-history");
    }
}

/// <summary>What verification is given to compare with: an anchor, or — better — a checkpoint of the transparency log the auditor kept.</summary>
public sealed record VerifyRequest(ChainAnchor? Anchor, string? Checkpoint = null);

public sealed record HistoryPage(string Item, int Page, int PageSize, int Total, IReadOnlyList<HistoryEntry> Entries);
