using QingzhouPlan.Domain.Drafts;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Drafts;

/// <summary>
/// Reading a plan document into proposals: its header, chapters and every quantity with the clause it came from. Nothing
/// is stored: a reviewer sees what the document says before anything becomes a plan.
/// </summary>
public static class DraftEndpoints
{
    /// <summary>A plan document is tens of kilobytes; a few megabytes leaves room for a Word file with pictures.</summary>
    public const long MaxDocumentBytes = 4 * 1024 * 1024;

    public static void MapDrafts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/plan-drafts/extraction", async (HttpContext context, CancellationToken ct) =>
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, ct);
                var (text, problem, clerk) = PlanDocumentText.Read(buffer.ToArray());
                if (text is null)
                    return Problems.Field(StatusCodes.Status400BadRequest, "document", problem!, clerk: clerk);
                var draft = PlanExtractor.Extract(text);
                return draft.Header.Year is null && draft.Quantities.Count == 0
                    ? Problems.Field(StatusCodes.Status422UnprocessableEntity, "document", "no plan year and no quantity: this is not a plan document of the genre",
                        clerk: "未识别出计划年度和任何量化目标，文件不像国民经济和社会发展计划")
                    : Results.Ok(draft);
            })
            .RequireAuthorization(Policies.Administer)
            .WithMetadata(new RouteBodyLimit(MaxDocumentBytes))
            .WithTags("Plan drafts")
            .WithSummary("Read a plan document (UTF-8 text or .docx, the file as the body) into proposals: header, chapters, each target and last year's result with its clause and confidence. Stores nothing (admin)");
    }
}
