using Microsoft.Extensions.Options;

namespace QingzhouPlan.Server.TimeSeries;

public static class TimeSeriesSetup
{
    public static IServiceCollection AddTimeSeries(this IServiceCollection services)
    {
        services.AddOptions<InfluxOptions>().BindConfiguration("InfluxDb");
        services.AddOptions<TimeSeriesOptions>().BindConfiguration("TimeSeries");
        services.AddSingleton<ProjectionMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionMonitor>());
        services.AddSingleton<EventPages>();
        services.AddSingleton<ProjectionRebuild>();
        services.AddSingleton<ProjectionGate>();
        services.AddHttpClient<InfluxV1Writer>(c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<InfluxV2Writer>();
        // The transport is chosen when first needed, from the configuration in force then.
        services.AddSingleton<ITimeSeriesWriter>(sp => sp.GetRequiredService<IOptions<InfluxOptions>>().Value.Transport switch
        {
            "v1" => sp.GetRequiredService<InfluxV1Writer>(),
            "v2" => sp.GetRequiredService<InfluxV2Writer>(),
            var other => throw new InvalidOperationException($"InfluxDb:Transport must be 'v1' or 'v2', not '{other}'"),
        });
        return services;
    }
}
