using System.Net.Http.Json;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Access;

/// <summary>
/// Every endpoint, and what each caller may do with it. Callers, in column order: anonymous; a reporter
/// of 市工业和信息化局 (gxj) on an item gxj owns; the same reporter on another department's item; a
/// reviewer; an auditor; a viewer; an admin. A = allowed (any answer but 401/403, never 5xx),
/// F = 403, U = 401.
/// </summary>
public static class AccessMatrix
{
    public sealed record Row(string Method, string Route, string OwnUrl, string OtherUrl, object? Body, string Expected)
    {
        /// <summary>Calls the route as the row says; for a GET only the headers are read (they judge access, and the change feed's body never ends).</summary>
        public Task<HttpResponseMessage> Send(HttpClient client, string url) => Method switch
        {
            "GET" => client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead),
            "PUT" => client.PutAsJsonAsync(url, Body!),
            _ => client.PostJson(url, Body!),
        };
    }

    public static readonly string[] Callers = ["anonymous", "reporter-own", "reporter-other", "reviewer", "auditor", "viewer", "admin"];

    private const string Plan = "/api/plans/qingzhou-2024";
    private const string Own = $"{Plan}/indicators/LOCAL-PROCUREMENT";
    private const string Other = $"{Plan}/indicators/GDP";
    private const string OwnTask = $"{Plan}/tasks/T-SME-INCUBATOR";
    private const string OtherTask = $"{Plan}/tasks/T-RESORT-CREATE";
    private const string Draft = "/api/plan-drafts/0000000000000000000000000000d0a1";

    private static readonly object Report = new { reportId = "matrix-1", period = "2024-06", value = 14m, unit = "亿元" };
    private static readonly object Batch = new { reports = new[] { new { indicator = "LOCAL-PROCUREMENT", reportId = "matrix-b1", period = "2024-06", value = 14m, unit = "亿元" } } };
    private static readonly object Correction = new { period = "2024-06", value = 15m, unit = "亿元", reason = "matrix" };
    private static readonly object Reorganise = new { code = "matrix", name = "矩阵局", into = "fgj", department = "fgj", effectiveFrom = "2030-01-01", basis = "matrix" };

    public static readonly Row[] Rows =
    [
        new("GET", "/health", "/health", "/health", null, "AAAAAAA"),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", "/openapi/v1.json", null, "AAAAAAA"),
        new("GET", "/docs/{documentName?}", "/docs/v1", "/docs/v1", null, "AAAAAAA"),
        new("GET", "/docs/scalar.js", "/docs/scalar.js", "/docs/scalar.js", null, "AAAAAAA"),
        new("GET", "/docs/scalar.aspnetcore.js", "/docs/scalar.aspnetcore.js", "/docs/scalar.aspnetcore.js", null, "AAAAAAA"),
        new("GET", "/docs/favicon.svg", "/docs/favicon.svg", "/docs/favicon.svg", null, "AAAAAAA"),
        new("GET", "/", "/", "/", null, "AAAAAAA"),
        new("GET", "/metrics", "/metrics", "/metrics", null, "UAAAAAA"),
        new("GET", "/api/units", "/api/units", "/api/units", null, "UAAAAAA"),
        new("GET", "/api/plans/", "/api/plans/", "/api/plans/", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}", Plan, Plan, null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/chapters", $"{Plan}/chapters", $"{Plan}/chapters", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/departments", $"{Plan}/departments", $"{Plan}/departments", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/indicators", $"{Plan}/indicators", $"{Plan}/indicators", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/indicators/{code}", Own, Other, null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/tasks", $"{Plan}/tasks", $"{Plan}/tasks", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/seed-differences", $"{Plan}/seed-differences", $"{Plan}/seed-differences", null, "UFFAAFA"),
        new("POST", "/api/plans/{planId}/indicators/{code}/reports", $"{Own}/reports", $"{Other}/reports", Report, "UAFFFFF"),
        // The batch's own refusals are per report, in its answer (ReportBatchTests); the route admits reporters.
        new("POST", "/api/plans/{planId}/report-batches", $"{Plan}/report-batches", $"{Plan}/report-batches", Batch, "UAAFFFF"),
        new("POST", "/api/plans/{planId}/indicators/{code}/corrections", $"{Own}/corrections", $"{Other}/corrections", Correction, "UAFAFFF"),
        new("POST", "/api/plans/{planId}/indicators/{code}/retractions", $"{Own}/retractions", $"{Other}/retractions", new { period = "2024-05", reason = "matrix" }, "UAFFFFF"),
        new("POST", "/api/plans/{planId}/indicators/{code}/verifications", $"{Own}/verifications", $"{Other}/verifications", new { period = "2024-06" }, "UFFAFFF"),
        new("POST", "/api/plans/{planId}/indicators/{code}/target-adjustments", $"{Own}/target-adjustments", $"{Other}/target-adjustments",
            new { value = 31m, comparator = "Exceed", reason = "matrix", legalBasis = "市人大常委会批准", effectiveFrom = "2024-07-01" }, "UFFAFFA"),
        new("GET", "/api/plans/{planId}/indicators/{code}/figures", $"{Own}/figures", $"{Other}/figures", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/indicators/{code}/status", $"{Own}/status", $"{Other}/status", null, "UAAAAAA"),
        new("POST", "/api/plans/{planId}/tasks/{code}/progress", $"{OwnTask}/progress", $"{OtherTask}/progress",
            new { status = "InProgress", narrative = "matrix" }, "UAFFFFF"),
        new("GET", "/api/plans/{planId}/tasks/{code}/status", $"{OwnTask}/status", $"{OtherTask}/status", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/departments/{department}/summary", $"{Plan}/departments/gxj/summary", $"{Plan}/departments/tjj/summary", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/departments/{department}/calendar", $"{Plan}/departments/gxj/calendar", $"{Plan}/departments/tjj/calendar", null, "UAAAAAA"),
        new("GET", "/api/admin/projections/influx/", "/api/admin/projections/influx/", "/api/admin/projections/influx/", null, "UFFAAFA"),
        new("GET", "/api/admin/cluster", "/api/admin/cluster", "/api/admin/cluster", null, "UFFFFFA"),
        new("POST", "/api/admin/projections/influx/dead-letters/{id:long}/acknowledge", "/api/admin/projections/influx/dead-letters/999999/acknowledge",
            "/api/admin/projections/influx/dead-letters/999999/acknowledge", new { }, "UFFFFFA"),
        new("POST", "/api/admin/projections/influx/rebuild", "/api/admin/projections/influx/rebuild", "/api/admin/projections/influx/rebuild", new { }, "UFFFFFA"),
        new("GET", "/api/plans/{planId}/reports/{period}", $"{Plan}/reports/2024-06", $"{Plan}/reports/2024-06", null, "UFFAAFA"),
        new("POST", "/api/plan-drafts/extraction", "/api/plan-drafts/extraction", "/api/plan-drafts/extraction", new { text = "no plan" }, "UFFFFFA"),
        // Drafts are an administrator's work from upload to adoption; a draft that does not exist answers them 404.
        new("POST", "/api/plan-drafts/", "/api/plan-drafts/", "/api/plan-drafts/", new { text = "no plan" }, "UFFFFFA"),
        new("GET", "/api/plan-drafts/", "/api/plan-drafts/", "/api/plan-drafts/", null, "UFFFFFA"),
        new("GET", "/api/plan-drafts/{draftId}", $"{Draft}", $"{Draft}", null, "UFFFFFA"),
        new("GET", "/api/plan-drafts/{draftId}/history", $"{Draft}/history", $"{Draft}/history", null, "UFFFFFA"),
        new("PUT", "/api/plan-drafts/{draftId}/plan", $"{Draft}/plan", $"{Draft}/plan", new { id = "matrix-2025" }, "UFFFFFA"),
        new("POST", "/api/plan-drafts/{draftId}/accepted", $"{Draft}/accepted", $"{Draft}/accepted", new { items = new[] { "p1" } }, "UFFFFFA"),
        new("POST", "/api/plan-drafts/{draftId}/dropped", $"{Draft}/dropped", $"{Draft}/dropped", new { items = new[] { "p1" }, reason = "matrix" }, "UFFFFFA"),
        new("POST", "/api/plan-drafts/{draftId}/items", $"{Draft}/items", $"{Draft}/items", new { kind = "Task", start = 0, length = 5 }, "UFFFFFA"),
        new("PUT", "/api/plan-drafts/{draftId}/items/{itemId}", $"{Draft}/items/p1", $"{Draft}/items/p1", new { }, "UFFFFFA"),
        new("POST", "/api/plan-drafts/{draftId}/items/{itemId}/split", $"{Draft}/items/p1/split", $"{Draft}/items/p1/split", new { parts = Array.Empty<object>() }, "UFFFFFA"),
        new("POST", "/api/plan-drafts/{draftId}/merges", $"{Draft}/merges", $"{Draft}/merges", new { items = new[] { "p1", "p2" } }, "UFFFFFA"),
        new("POST", "/api/plan-drafts/{draftId}/adoption", $"{Draft}/adoption", $"{Draft}/adoption", new { }, "UFFFFFA"),
        new("GET", "/api/plans/{planId}/export", $"{Plan}/export", $"{Plan}/export", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/indicators/{code}/years", $"{Own}/years", $"{Other}/years", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/reports/{period}/document", $"{Plan}/reports/2024-06/document", $"{Plan}/reports/2024-06/document?format=docx", null, "UFFAAFA"),
        new("GET", "/api/plans/{planId}/reports/{period}/diff", $"{Plan}/reports/2024-06/diff?from=2024-07-01", $"{Plan}/reports/2024-06/diff?from=2024-07-01", null, "UFFAAFA"),
        new("POST", "/api/plans/{planId}/editions", $"{Plan}/editions", $"{Plan}/editions", new { period = "2024-06" }, "UFFAFFA"),
        // Editions are the past, read by the roles that read as-of views (Visibility): one rule, not one per route.
        new("GET", "/api/plans/{planId}/editions", $"{Plan}/editions", $"{Plan}/editions", null, "UFFAAFA"),
        new("GET", "/api/plans/{planId}/editions/{number:int}", $"{Plan}/editions/1", $"{Plan}/editions/1", null, "UFFAAFA"),
        new("GET", "/api/plans/{planId}/indicators/{code}/history", $"{Own}/history", $"{Other}/history", null, "UFFAAFA"),
        new("GET", "/api/plans/{planId}/tasks/{code}/history", $"{OwnTask}/history", $"{OtherTask}/history", null, "UFFAAFA"),
        new("POST", "/api/audit/verify", "/api/audit/verify", "/api/audit/verify", new { }, "UFFAAFA"),
        new("GET", "/api/audit/anchor", "/api/audit/anchor", "/api/audit/anchor", null, "UFFAAFA"),
        new("GET", "/log/checkpoint", "/log/checkpoint", "/log/checkpoint", null, "AAAAAAA"),
        new("GET", "/log/key", "/log/key", "/log/key", null, "AAAAAAA"),
        new("GET", "/log/tile/{level:int}/{**index}", "/log/tile/0/000.p/1", "/log/tile/0/000.p/1", null, "AAAAAAA"),
        new("GET", "/log/tile/entries/{**index}", "/log/tile/entries/000.p/1", "/log/tile/entries/000.p/1", null, "UFFAAFA"),
        new("GET", "/api/log/checkpoints", "/api/log/checkpoints", "/api/log/checkpoints", null, "UFFAAFA"),
        new("GET", "/api/log/proof/inclusion", "/api/log/proof/inclusion?index=0", "/api/log/proof/inclusion?index=0", null, "UFFAAFA"),
        new("GET", "/api/log/proof/consistency", "/api/log/proof/consistency?from=0&to=0", "/api/log/proof/consistency?from=0&to=0", null, "UFFAAFA"),
        new("GET", "/api/plans/{planId}/editions/{number:int}/export", $"{Plan}/editions/99/export", $"{Plan}/editions/99/export", null, "UFFAAFA"),
        new("GET", "/api/plans/{planId}/audit/signals", $"{Plan}/audit/signals", $"{Plan}/audit/signals", null, "UFFAAFA"),
        new("GET", "/api/plans/{planId}/summary", $"{Plan}/summary", $"{Plan}/summary", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/calendar", $"{Plan}/calendar", $"{Plan}/calendar", null, "UAAAAAA"),
        new("GET", "/dashboard/config", "/dashboard/config", "/dashboard/config", null, "AAAAAAA"),
        new("GET", "/api/me", "/api/me", "/api/me", null, "UAAAAAA"),
        // What a user may do: anyone signed in may ask; the answer lists nothing for those who may do nothing.
        new("GET", "/api/plans/{planId}/indicators/{code}/permissions", $"{Own}/permissions", $"{Other}/permissions", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/tasks/{code}/permissions", $"{OwnTask}/permissions", $"{OtherTask}/permissions", null, "UAAAAAA"),
        // Off in this host (Testing, no flag): every caller gets 404, which is an answer, not a refusal of access.
        new("POST", "/dashboard/dev-sign-in", "/dashboard/dev-sign-in", "/dashboard/dev-sign-in", new { user = "x", department = "gxj", role = "admin" }, "AAAAAAA"),
        new("GET", "/api/plans/{planId}/changes", $"{Plan}/changes", $"{Plan}/changes", null, "UAAAAAA"),
        // Reorganisation rows carry a date outside the plan year, so an allowed caller gets 400 and the matrix
        // moves no item (the other rows depend on gxj owning LOCAL-PROCUREMENT).
        new("POST", "/api/plans/{planId}/departments", $"{Plan}/departments", $"{Plan}/departments", Reorganise, "UFFAFFA"),
        new("POST", "/api/plans/{planId}/departments/{department}/renames", $"{Plan}/departments/gxj/renames", $"{Plan}/departments/gxj/renames", Reorganise, "UFFAFFA"),
        new("POST", "/api/plans/{planId}/departments/{department}/merges", $"{Plan}/departments/gxj/merges", $"{Plan}/departments/gxj/merges", Reorganise, "UFFAFFA"),
        new("POST", "/api/plans/{planId}/departments/{department}/reassignments", $"{Plan}/departments/gxj/reassignments", $"{Plan}/departments/gxj/reassignments", Reorganise, "UFFAFFA"),
        new("POST", "/api/plans/{planId}/indicators/{code}/owner-reassignments", $"{Own}/owner-reassignments", $"{Other}/owner-reassignments", Reorganise, "UFFAFFA"),
        new("POST", "/api/plans/{planId}/tasks/{code}/owner-reassignments", $"{OwnTask}/owner-reassignments", $"{OtherTask}/owner-reassignments", Reorganise, "UFFAFFA"),
        // Forms: a reporter fills in its own department's; the upload rows send JSON, which an allowed caller gets 400 for.
        new("GET", "/api/plans/{planId}/departments/{department}/forms/{round}", $"{Plan}/departments/gxj/forms/2024-06", $"{Plan}/departments/tjj/forms/2024-06", null, "UAFAFFF"),
        new("POST", "/api/plans/{planId}/departments/{department}/forms", $"{Plan}/departments/gxj/forms", $"{Plan}/departments/tjj/forms", new { }, "UAFAFFF"),
        new("GET", "/api/plans/{planId}/forms/jobs/{jobId}", $"{Plan}/forms/jobs/{Guid.Empty}", $"{Plan}/forms/jobs/{Guid.Empty}", null, "UAAAFFF"),
        new("GET", "/api/plans/{planId}/forms/imports", $"{Plan}/forms/imports", $"{Plan}/forms/imports", null, "UFFAAFA"),
        new("GET", "/api/plans/{planId}/forms/files/{sha256}", $"{Plan}/forms/files/{new string('0', 64)}", $"{Plan}/forms/files/{new string('0', 64)}", null, "UFFAAFA"),
        new("POST", "/api/plans/{planId}/close", $"{Plan}/close", $"{Plan}/close", new { reason = "" }, "UFFFFFA"),
        // The round: settings are the admin's (bodies an admin gets 400 for, so nothing changes); submitting is the owning
        // department's reporters', whatever other role a caller holds; reopening entry is the reviewers'.
        new("GET", "/api/plans/{planId}/round", $"{Plan}/round", $"{Plan}/round", null, "UAAAAAA"),
        new("PUT", "/api/plans/{planId}/round/levels", $"{Plan}/round/levels", $"{Plan}/round/levels", new { levels = Array.Empty<object>(), reason = "matrix" }, "UFFFFFA"),
        new("PUT", "/api/plans/{planId}/round/rules", $"{Plan}/round/rules", $"{Plan}/round/rules", new { reason = "matrix" }, "UFFFFFA"),
        new("PUT", "/api/plans/{planId}/round/window", $"{Plan}/round/window", $"{Plan}/round/window", new { reason = "matrix" }, "UFFFFFA"),
        // A period no row reports, so a submission locks nothing another test of the same host changes.
        new("POST", "/api/plans/{planId}/departments/{department}/rounds/{period}", $"{Plan}/departments/gxj/rounds/2024-03", $"{Plan}/departments/tjj/rounds/2024-03",
            new { action = "Submit" }, "UAFFFFF"),
        new("POST", "/api/plans/{planId}/indicators/{code}/round", $"{Own}/round", $"{Other}/round", new { action = "Submit", period = "2024-03" }, "UAFFFFF"),
        new("POST", "/api/plans/{planId}/indicators/{code}/window-exceptions", $"{Own}/window-exceptions", $"{Other}/window-exceptions",
            new { period = "2024-06", until = DateTimeOffset.UtcNow.AddDays(1), reason = "matrix" }, "UFFAFFF"),
        new("GET", "/api/plans/{planId}/rounds/{period}", $"{Plan}/rounds/2024-06", $"{Plan}/rounds/2024-06", null, "UAAAAAA"),
        new("GET", "/api/plans/{planId}/validation", $"{Plan}/validation", $"{Plan}/validation", null, "UAAAAAA"),
    ];
}
