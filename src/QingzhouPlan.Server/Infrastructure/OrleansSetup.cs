using System.Net;
using Orleans.Configuration;

namespace QingzhouPlan.Server.Infrastructure;

public static class OrleansSetup
{
    /// <summary>
    /// A silo co-hosted with the API. One process uses localhost clustering; several ("Cluster:Membership" =
    /// "redis") find each other through Redis (ConnectionStrings:Redis), keep their reminders there, and
    /// declare a silo that stops answering dead after a few seconds rather than Orleans' default of about half
    /// a minute, so the items it held are writable again elsewhere quickly. Ports and cluster id come from the
    /// "Orleans" section, read when options are built so that several hosts (tests, a second silo) can run on
    /// one machine.
    /// </summary>
    public static WebApplicationBuilder AddPlanSilo(this WebApplicationBuilder builder)
    {
        var clustered = string.Equals(builder.Configuration["Cluster:Membership"], "redis", StringComparison.OrdinalIgnoreCase);
        var redis = builder.Configuration.GetConnectionString("Redis") ?? "127.0.0.1:16379";
        builder.UseOrleans(silo =>
        {
            silo.AddActivityPropagation();
            if (clustered)
            {
                silo.UseRedisClustering(redis);
                silo.UseRedisReminderService(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
                silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IConfiguration>((o, c) =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(c.GetValue("Orleans:ProbeTimeoutSeconds", 2.0));
                    o.NumMissedProbesLimit = c.GetValue("Orleans:MissedProbesLimit", 2);
                });
            }
            else
            {
                silo.UseLocalhostClustering();
                // Deadline reminders: in memory for one process. They are registered again at every start
                // (DeadlineReminders), and escalations are idempotent per period and stage, so a restart loses
                // at most one tick.
                silo.UseInMemoryReminderService();
                silo.Services.AddOptions<DevelopmentClusterMembershipOptions>().Configure<IConfiguration>((o, c) =>
                    o.PrimarySiloEndpoint = new IPEndPoint(IPAddress.Loopback, c.GetValue("Orleans:SiloPort", 11111)));
            }
            silo.Services.AddOptions<EndpointOptions>().Configure<IConfiguration>((o, c) =>
            {
                o.AdvertisedIPAddress = AdvertisedAddress(c["Orleans:AdvertisedIP"]);
                o.SiloPort = c.GetValue("Orleans:SiloPort", 11111);
                o.GatewayPort = c.GetValue("Orleans:GatewayPort", 30000);
            });
            silo.Services.AddOptions<ClusterOptions>().Configure<IConfiguration>((o, c) =>
            {
                o.ServiceId = "qingzhouplan";
                o.ClusterId = c["Orleans:ClusterId"] ?? "qingzhouplan-dev";
            });
        });
        return builder;
    }

    /// <summary>
    /// The address other silos reach this one at: loopback by default (every silo on one machine), a literal
    /// address, or "auto" — this host's first IPv4 address, for containers whose address is given at start.
    /// </summary>
    private static IPAddress AdvertisedAddress(string? configured) => configured switch
    {
        null or "" => IPAddress.Loopback,
        "auto" => Dns.GetHostAddresses(Dns.GetHostName())
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException("Orleans:AdvertisedIP is auto, but this host has no IPv4 address besides loopback"),
        _ => IPAddress.Parse(configured),
    };
}
