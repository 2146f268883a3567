using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;

namespace QingzhouPlan.Server.Forms;

/// <summary>Department report forms (报表) in Excel: the template out, the filled-in form in, and the files kept for audit.</summary>
public static class FormEndpoints
{
    public static IServiceCollection AddForms(this IServiceCollection services)
    {
        services.AddOptions<FormLimits>().BindConfiguration("Forms");
        services.AddSingleton<FormFiles>().AddHostedService(sp => sp.GetRequiredService<FormFiles>());
        services.AddSingleton<FormReadGate>();
        services.AddSingleton<FormImports>();
        services.AddSingleton(sp => new FormJobs(sp.GetRequiredService<FormImports>(), sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<IOptions<FormLimits>>().Value, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<FormJobs>>()));
        return services;
    }

    public static void MapForms(this IEndpointRouteBuilder app)
    {
        var limit = app.ServiceProvider.GetRequiredService<IOptions<FormLimits>>().Value.MaxUploadBytes;
        var group = app.MapGroup("/api/plans/{planId}").WithTags("Forms");
        group.MapGet("/departments/{department}/forms/{round}", Template)
            .RequireAuthorization(Policies.CorrectItem)
            .WithSummary("The department's report form for a month (.xlsx): the indicator periods it owes that end in the month, its open tasks, and a hidden header naming the form");
        group.MapPost("/departments/{department}/forms", Upload)
            .RequireAuthorization(Policies.CorrectItem)
            .WithMetadata(new RouteBodyLimit(limit))
            .WithSummary("A filled-in form, the .xlsx file itself as the body (any content type). A dry run by default: findings per row and column, and what would change; ?commit=true applies it all or nothing. Prefer: respond-async answers 202 with a job to watch");
        group.MapGet("/forms/jobs/{jobId}", Job)
            .RequireAuthorization(Policies.CorrectItem)
            .WithSummary("An import started with Prefer: respond-async: its stage and rows done, and its answer when it ends");
        group.MapGet("/forms/imports", Imports)
            .RequireAuthorization(Policies.Audit)
            .WithSummary("Every committed form: who uploaded which file (SHA-256), when, and what it changed");
        group.MapGet("/forms/files/{sha256}", File)
            .RequireAuthorization(Policies.Audit)
            .WithSummary("An uploaded form exactly as received, by its SHA-256");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Template(
        string planId, string department, string round, HttpContext context, IDocumentStore store,
        [FromKeyedServices(Clocks.Business)] TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Period.TryParse(round, out var month, out _) || month.Kind != PeriodKind.Month)
            return Problems.Field(StatusCodes.Status400BadRequest, "round", "a reporting month, YYYY-MM");
        if (OtherDepartment(context, department) is { } forbidden)
            return forbidden;
        await using var session = store.QuerySession();
        if (await FormContent.Load(session, planId, department, month, clock.GetUtcNow(), cancellationToken) is not { } content)
            return Problems.Field(StatusCodes.Status404NotFound, "department", $"no department '{department}' in plan '{planId}'");
        var header = new FormHeader(Guid.NewGuid().ToString("N"), FormHeader.CurrentVersion, planId, department, month);
        var file = FormTemplate.Build(header, content.Title, content.Figures, content.Tasks);
        return TypedResults.File(file, FormTemplate.MediaType, $"{department}-{month}-报表.xlsx");
    }

    private static async Task<Results<Ok<FormAnswer>, Created<FormAnswer>, Accepted<FormJobView>, ProblemHttpResult>> Upload(
        string planId, string department, bool? commit, HttpContext context, FormImports imports, FormJobs jobs)
    {
        if (OtherDepartment(context, department) is { } forbidden)
            return forbidden;
        using var body = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Field(StatusCodes.Status413PayloadTooLarge, "body", tooLarge.Message);
        }
        var upload = new FormUpload(planId, department, body.ToArray(), commit ?? false, CurrentActor.From(context));
        if (upload.File.Length == 0)
            return Problems.Field(StatusCodes.Status400BadRequest, "body", "the filled-in form (.xlsx) is the request body");
        FormAnswer answer;
        try
        {
            if (context.Request.Headers["Prefer"].Any(p => p?.Contains("respond-async", StringComparison.OrdinalIgnoreCase) == true))
            {
                var job = await jobs.Start(upload);
                return TypedResults.Accepted($"/api/plans/{Uri.EscapeDataString(planId)}/forms/jobs/{job.Id}", job.View);
            }
            // Not cancelled with the request: a commit either happens whole or not at all, and its answer is worth finishing.
            answer = await imports.Run(upload, null, FormsBusy.RetryAfter, CancellationToken.None);
        }
        catch (FormsBusy busy)
        {
            context.Response.Headers.RetryAfter = ((int)FormsBusy.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Field(StatusCodes.Status429TooManyRequests, "body", busy.Message);
        }
        return answer switch
        {
            { FormId: null } => Refused(StatusCodes.Status400BadRequest, answer),
            { HasErrors: true } when !answer.DryRun || answer.Findings.Any(f => f.Row == 0 && f.Severity == FindingSeverity.Error) =>
                Refused(StatusCodes.Status422UnprocessableEntity, answer),
            { Committed: true } => TypedResults.Created((string?)null, answer),
            _ => TypedResults.Ok(answer),
        };
    }

    private static async Task<Results<Ok<FormJobView>, ProblemHttpResult>> Job(
        string planId, string jobId, HttpContext context, FormJobs jobs, CancellationToken cancellationToken) =>
        Guid.TryParse(jobId, out var id) && await jobs.Find(id, cancellationToken) is { } job && job.PlanId == planId
            && (job.User == context.User.Identity?.Name || context.User.IsInRole(Roles.Admin))
            ? TypedResults.Ok(job.View)
            : Problems.Field(StatusCodes.Status404NotFound, "jobId", $"no import '{jobId}' of yours");

    private static async Task<Ok<IReadOnlyList<FormImportRecord>>> Imports(string planId, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return TypedResults.Ok(await session.Query<FormImportRecord>().Where(r => r.PlanId == planId).OrderBy(r => r.UploadedAt).ToListAsync(cancellationToken));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> File(
        string planId, string sha256, IDocumentStore store, FormFiles files, CancellationToken cancellationToken)
    {
        var sha = sha256.ToLowerInvariant();
        await using var session = store.QuerySession();
        // Files are found through the plan's own imports: a plan's URL never reaches another plan's files.
        var record = await session.Query<FormImportRecord>().FirstOrDefaultAsync(r => r.PlanId == planId && r.Sha256 == sha, cancellationToken);
        return record is not null && await files.Find(sha, cancellationToken) is { } content
            ? TypedResults.File(content, FormTemplate.MediaType, $"{record.Department}-{record.Round}-{sha[..12]}.xlsx")
            : Problems.Field(StatusCodes.Status404NotFound, "sha256", $"no form '{sha256}' was committed to plan '{planId}'");
    }

    // A reporter fills in its own department's forms; reviewers may check and correct any department's.
    private static ProblemHttpResult? OtherDepartment(HttpContext context, string department) =>
        context.User.IsInRole(Roles.Reviewer) || PlanClaims.DepartmentOf(context.User) == department
            ? null
            : Problems.Field(StatusCodes.Status403Forbidden, "department", $"a reporter fills in only the forms of their own department, not '{department}'");

    private static ProblemHttpResult Refused(int status, FormAnswer answer)
    {
        var errors = answer.Findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
        return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = "表单未通过核对，未写入任何数据",
            Detail = errors.Count == 1 ? errors[0].Message : $"{errors[0].Message}（共 {errors.Count} 处）",
            Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
            Extensions =
            {
                ["errors"] = errors.GroupBy(f => f.Cell ?? (f.Row == 0 ? "file" : $"{f.Sheet}!{f.Row}"))
                    .ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()),
                ["answer"] = answer,
            },
        });
    }
}
