using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Dashboard;
using QingzhouPlan.Server.Demo;
using QingzhouPlan.Server.Drafts;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Forms;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Reports;
using QingzhouPlan.Server.Rounds;
using QingzhouPlan.Server.TimeSeries;
using QingzhouPlan.Server.Transparency;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
if (MintTokenCommand.TryRun(args, builder.Configuration, builder.Environment))
    return;

// A person at a terminal reads text; a log collector reads JSON (the configured formatter).
if (!Console.IsOutputRedirected && builder.Configuration["Logging:Console:FormatterName"] == "json")
    builder.Configuration["Logging:Console:FormatterName"] = "simple";
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Api:MaxRequestBodyBytes", 64 * 1024));
builder.Services.ConfigureHttpJsonOptions(o =>
{
    // Chinese text travels as UTF-8 characters, not \u escapes.
    o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
    // Enums by name only: "status": 7 names no status.
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    o.SerializerOptions.Converters.Add(new PeriodJsonConverter());
});
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<TransientFaultHandler>();
builder.Services.AddOpenApi();
builder.Services.AddBusinessClock();
builder.Services.AddSingleton<SeedFiles>();
builder.Services.AddSingleton<SeedDifferenceLog>();
builder.Services.AddSingleton<QingzhouPlan.Server.Drafts.DraftStore>();
builder.Services.AddOptions<ReportingOptions>().BindConfiguration("Reporting");
builder.Services.AddEventStore(builder.Configuration);
builder.Services.AddSingleton<StallFence>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<StallFence>());
builder.Services.AddSingleton<Appender>();
builder.Services.AddSingleton<QingzhouPlan.Server.Reports.ItemSnapshots>();
builder.Services.AddTimeSeries();
builder.Services.AddHostedService<EventTimeIndex>();
builder.Services.AddHostedService<SealDocumentsToRows>();
builder.Services.AddHostedService<QingzhouPlan.Server.Reports.SnapshotColumns>();
builder.Services.AddHostedService<PlanLoader>();
builder.Services.AddSingleton<PlanEventReader>();
builder.Services.AddSingleton<ChainVerifier>();
builder.Services.AddSingleton<ChainAnchors>();
builder.Services.AddTransparencyLog();
builder.Services.AddSingleton<Editions>();
builder.Services.AddSingleton<QingzhouPlan.Server.Reports.Documents.ReportDocuments>();
builder.Services.AddSingleton<ScriptedYear>();
builder.Services.AddForms();
builder.Services.AddPlanHealthChecks();
builder.Services.AddAccessControl();
builder.AddTelemetry();
builder.AddPlanSilo();
// After the silo: the demo year reports through the grains; departments register their deadline reminders.
builder.Services.AddHostedService<DemoYear>();
builder.Services.AddHostedService<DeadlineReminders>();
builder.Services.AddHostedService<ClusterLog>();

var app = builder.Build();

// Outside Development a server that checks tokens against the public built-in key, or a short one, would
// accept tokens anyone can mint: it does not start.
if (!app.Environment.IsDevelopment() && (AuthOptions.WeakKeyProblem(app.Configuration) ?? ChainAnchors.KeyProblem(app.Configuration)) is { } weakKey)
{
    app.Logger.LogCritical("Not starting: {Problem}", weakKey);
    throw new InvalidOperationException(weakKey);
}
// The development sign-in mints any token for a request from this machine; a server that other machines can
// reach must not have it on, whatever its requests say about themselves.
if (!app.Environment.IsDevelopment() && DevelopmentSignIn.Enabled(app.Configuration, app.Environment))
{
    app.Logger.LogWarning("The development sign-in is on (Dashboard__DevSignIn): anyone on this machine can act as anyone; Dashboard__DevSignIn=false turns it off");
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        if (DevelopmentSignIn.Exposed(app.Urls) is not { Count: > 0 } exposed)
            return;
        app.Logger.LogCritical("Stopping: the development sign-in is on and the server listens on {Addresses}, which other machines can reach; listen on 127.0.0.1 only, or set Dashboard__DevSignIn=false",
            string.Join(", ", exposed));
        Environment.ExitCode = 2;
        app.Lifetime.StopApplication();
    });
}

app.UseExceptionHandler();
// The page's scripts and styles are public, like the page: before authorization, whose fallback policy would ask a token of them.
app.UseStaticFiles();
app.UseMiddleware<BodySizeLimit>();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<RouteKeys>();
app.UseMiddleware<PlanScopeGate>();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/docs").AllowAnonymous();
// The page people watch, when it has been built (infra/web.sh); otherwise the API reference.
var page = Path.Combine(app.Environment.ContentRootPath, "wwwroot", "index.html");
app.MapGet("/", () => File.Exists(page) ? Results.File(page, "text/html; charset=utf-8") : Results.Redirect("/docs"))
    .ExcludeFromDescription().AllowAnonymous();
app.MapPrometheusScrapingEndpoint();
app.MapPlanHealth();
app.MapPlans();
app.MapPlanExport();
app.MapReporting();
app.MapDepartments();
app.MapReorganisation();
app.MapTimeSeriesAdmin();
app.MapClusterAdmin();
app.MapReports();
app.MapRounds();
app.MapAudit();
app.MapTransparencyLog();
app.MapDashboard();
app.MapWhoAmI();
app.MapForms();
app.MapDrafts();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
