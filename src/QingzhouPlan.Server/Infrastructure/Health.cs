using System.Text.Json;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// /health reports PostgreSQL, InfluxDB, Orleans and the projection separately to a caller with a token. Others
/// (a load balancer) see the overall status, checked at most once every Health:AnonymousSeconds (2): an
/// anonymous caller cannot make the server run its four probes as often as it likes.
/// </summary>
public static class Health
{
    public static IServiceCollection AddPlanHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PostgresCheck>("postgres")
            // InfluxDB is a rebuildable projection: without it reporting goes on, so it degrades, never fails.
            .AddCheck<InfluxCheck>("influxdb", failureStatus: HealthStatus.Degraded)
            .AddCheck<OrleansCheck>("orleans")
            .AddCheck<ProjectionLagCheck>("projection", failureStatus: HealthStatus.Degraded);
        return services;
    }

    public static void MapPlanHealth(this IEndpointRouteBuilder app)
    {
        var verdict = new SharedVerdict(TimeSpan.FromSeconds(app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Health:AnonymousSeconds", 2.0)));
        app.MapGet("/health", async (HttpContext context, HealthCheckService checks) =>
            {
                // A load balancer needs the verdict only; which part is down, and why, is for signed-in operators.
                var signedIn = context.User.Identity?.IsAuthenticated == true;
                var report = signedIn ? await checks.CheckHealthAsync(context.RequestAborted) : await verdict.Get(checks);
                context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
                await WriteJson(context, report, signedIn);
            })
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
    }

    /// <summary>The last report, shared by anonymous callers until it is <paramref name="keptFor"/> old; one check at a time renews it.</summary>
    private sealed class SharedVerdict(TimeSpan keptFor)
    {
        private readonly SemaphoreSlim _checking = new(1, 1);
        private (HealthReport Report, long At)? _last;

        public async Task<HealthReport> Get(HealthCheckService checks)
        {
            if (Fresh() is { } fresh)
                return fresh;
            await _checking.WaitAsync();
            try
            {
                if (Fresh() is { } renewed)
                    return renewed;
                var report = await checks.CheckHealthAsync();
                _last = (report, TimeProvider.System.GetTimestamp());
                return report;
            }
            finally
            {
                _checking.Release();
            }
        }

        private HealthReport? Fresh() =>
            _last is { } last && TimeProvider.System.GetElapsedTime(last.At) < keptFor ? last.Report : null;
    }

    private static Task WriteJson(HttpContext context, HealthReport report, bool signedIn)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        if (!signedIn)
            return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, JsonSerializerOptions.Web));
        var body = new
        {
            status = report.Status.ToString(),
            parts = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                milliseconds = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }

    private sealed class PostgresCheck(IDocumentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                await using var session = store.QuerySession();
                var version = await session.QueryAsync<string>("select version()", cancellationToken);
                return HealthCheckResult.Healthy(version.FirstOrDefault()?.Split(" on ")[0]);
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }

    private sealed class InfluxCheck(ITimeSeriesWriter writer) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
            await writer.PingAsync(cancellationToken)
                ? HealthCheckResult.Healthy("answers ping")
                : new HealthCheckResult(context.Registration.FailureStatus, "does not answer; reports are kept in PostgreSQL and projected when it returns");
    }

    private sealed class ProjectionLagCheck(ProjectionMonitor monitor, IDocumentStore store, Microsoft.Extensions.Options.IOptions<TimeSeriesOptions> options)
        : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            // An event set aside is a figure missing from every dashboard until someone looks: not a mere delay.
            await using (var session = store.QuerySession())
            {
                var setAside = await session.Query<DeadLetter>().CountAsync(d => d.AcknowledgedAt == null, cancellationToken);
                if (setAside > 0)
                    return HealthCheckResult.Unhealthy($"{setAside} event(s) could not be projected to InfluxDB; see /api/admin/projections/influx");
            }
            var lag = await monitor.Measure(cancellationToken);
            var description = $"{lag.EventsBehind} events behind, oldest {lag.SecondsBehind:0.#} s";
            return lag.SecondsBehind > options.Value.MaxLagSeconds
                ? new HealthCheckResult(context.Registration.FailureStatus, $"InfluxDB projection lags: {description}")
                : HealthCheckResult.Healthy(description);
        }
    }

    private sealed class OrleansCheck(IGrainFactory grains) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                return HealthCheckResult.Healthy($"{hosts.Count} active silo(s)");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}
