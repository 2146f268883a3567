using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Infrastructure;

/// <summary>One report leaves a trace through HTTP, the grain, PostgreSQL and the InfluxDB projection, and metrics to scrape.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_report_is_traced_across_HTTP_Orleans_Npgsql_and_the_projection_and_metrics_are_exported()
    {
        var spans = new SpanCollector();
        await using var host = new PlanHost(services: services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(spans))));
        var client = host.ClientAs("sun.li", "tjj");

        // Other tests' hosts share this process's activity listeners: this request carries a trace id of its own.
        var traceId = ActivityTraceId.CreateRandom();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        (await client.PostJson("/api/plans/qingzhou-2024/indicators/GDP/reports",
            new { reportId = "otel-1", period = "2024-Q1", value = 5.8m, unit = "%" })).EnsureSuccessStatusCode();
        await host.WaitForProjections();

        // The server span ends after the answer is sent, the projection's span after its write: wait for them to end.
        string[] expected = ["Microsoft.AspNetCore", "Microsoft.Orleans.Application", "Marten", "Npgsql"];
        HashSet<string> SameTrace() => spans.Finished.Where(s => s.TraceId == traceId).Select(s => s.Source.Name).ToHashSet();
        bool Projected() => spans.Finished.Any(s => s.Source.Name == "QingzhouPlan" && s.DisplayName == "influx.project");
        await Wait.Whether(() => Task.FromResult(expected.All(SameTrace().Contains) && Projected()), TimeSpan.FromSeconds(10));

        var sameTrace = SameTrace();
        foreach (var source in expected)
            sameTrace.ShouldContain(source); // Orleans.Application is the grain call
        Projected().ShouldBeTrue("no influx.project span ended");

        var metrics = await client.GetStringAsync("/metrics");
        metrics.ShouldContain("qingzhou_influx_lag_events");
        metrics.ShouldContain("http_server_request_duration_seconds");
    }
}
