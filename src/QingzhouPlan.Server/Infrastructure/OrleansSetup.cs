using System.Net;
using Orleans.Configuration;

namespace QingzhouPlan.Server.Infrastructure;

public static class OrleansSetup
{
    /// <summary>
    /// A silo co-hosted with the API, with localhost clustering. Ports and cluster id come from the
    /// "Orleans" section, read when options are built so that several hosts (tests, a second silo)
    /// can run on one machine.
    /// </summary>
    public static WebApplicationBuilder AddPlanSilo(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddActivityPropagation();
            // Deadline reminders: in memory for one process. They are registered again at every start
            // (DeadlineReminders), and escalations are idempotent per period and stage, so a restart loses
            // at most one tick; a cluster configures a durable reminder table instead.
            silo.UseInMemoryReminderService();
            silo.Services.AddOptions<EndpointOptions>().Configure<IConfiguration>((o, c) =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.SiloPort = c.GetValue("Orleans:SiloPort", 11111);
                o.GatewayPort = c.GetValue("Orleans:GatewayPort", 30000);
            });
            silo.Services.AddOptions<ClusterOptions>().Configure<IConfiguration>((o, c) =>
            {
                o.ServiceId = "qingzhouplan";
                o.ClusterId = c["Orleans:ClusterId"] ?? "qingzhouplan-dev";
            });
            silo.Services.AddOptions<DevelopmentClusterMembershipOptions>().Configure<IConfiguration>((o, c) =>
                o.PrimarySiloEndpoint = new IPEndPoint(IPAddress.Loopback, c.GetValue("Orleans:SiloPort", 11111)));
        });
        return builder;
    }
}
