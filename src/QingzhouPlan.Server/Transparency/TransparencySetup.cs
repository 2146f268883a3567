namespace QingzhouPlan.Server.Transparency;

public static class TransparencySetup
{
    public static IServiceCollection AddTransparencyLog(this IServiceCollection services)
    {
        services.AddOptions<TransparencyOptions>().BindConfiguration("Transparency");
        services.AddSingleton<LogKey>();
        services.AddSingleton<LogTree>();
        services.AddSingleton<LogReader>();
        services.AddSingleton<LogAudit>();
        services.AddSingleton<WitnessClient>();
        services.AddSingleton<EditionExport>();
        services.AddSingleton<IntegritySignalReader>();
        services.AddSingleton<LogSequencer>();
        services.AddHostedService(sp => sp.GetRequiredService<LogSequencer>());
        return services;
    }
}
