using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>Traces and metrics across HTTP, grains, Marten, Npgsql and the InfluxDB projection.</summary>
public static class Telemetry
{
    public const string Name = "QingzhouPlan";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("qingzhouplan"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(Name, "Marten", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Name, "Marten", "Microsoft.Orleans", "Npgsql")
                .AddPrometheusExporter());
        // The OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT itself; without one there is nothing to send to.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
            builder.Logging.AddOpenTelemetry(o => o.IncludeScopes = true);
        }
        return builder;
    }
}
