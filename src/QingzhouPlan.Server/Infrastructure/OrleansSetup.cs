using System.Net;
using Orleans.Configuration;

namespace QingzhouPlan.Server.Infrastructure;

public static class OrleansSetup
{
    /// <summary>
    /// A silo co-hosted with the API. One process uses localhost clustering; several ("Cluster:Membership" =
    /// "redis") find each other through Redis (ConnectionStrings:Redis) and keep their reminders there. Ports,
    /// cluster id and probe timing come from the "Orleans" section, read when options are built so that several
    /// hosts (tests, a second silo) can run on one machine.
    /// </summary>
    public static WebApplicationBuilder AddPlanSilo(this WebApplicationBuilder builder)
    {
        var clustered = string.Equals(builder.Configuration["Cluster:Membership"], "redis", StringComparison.OrdinalIgnoreCase);
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (clustered && string.IsNullOrWhiteSpace(redis))
            throw new InvalidOperationException("Cluster:Membership is redis, but ConnectionStrings:Redis is not set");
        builder.UseOrleans(silo =>
        {
            silo.AddActivityPropagation();
            if (clustered)
            {
                silo.UseRedisClustering(redis!);
                silo.UseRedisReminderService(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis!));
                // Orleans' own defaults (5 s probes, 3 missed) unless configured: shorter ones move a dead silo's
                // items sooner, but also declare a silo dead that only stalled (a long GC on a busy machine).
                silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IConfiguration>((o, c) =>
                {
                    if (c.GetValue<double?>("Orleans:ProbeTimeoutSeconds") is { } seconds)
                        o.ProbeTimeout = TimeSpan.FromSeconds(seconds);
                    if (c.GetValue<int?>("Orleans:MissedProbesLimit") is { } missed)
                        o.NumMissedProbesLimit = missed;
                });
            }
            else
            {
                silo.UseLocalhostClustering();
                // Deadline reminders: in memory for one process, registered again at every start on the schedule
                // each department keeps in PostgreSQL (DeadlineSchedule), so a restart loses no tick.
                silo.UseInMemoryReminderService();
                silo.Services.AddOptions<DevelopmentClusterMembershipOptions>().Configure<IConfiguration>((o, c) =>
                    o.PrimarySiloEndpoint = new IPEndPoint(IPAddress.Loopback, c.GetValue("Orleans:SiloPort", 11111)));
            }
            silo.Services.AddOptions<EndpointOptions>().Configure<IConfiguration>((o, c) =>
            {
                o.AdvertisedIPAddress = AdvertisedAddress(c["Orleans:AdvertisedIP"]);
                o.SiloPort = c.GetValue("Orleans:SiloPort", 11111);
                // No gateway unless configured: the API's own client is co-hosted, and a gateway would let any host that
                // reaches the port call grains as an Orleans client, with no authentication.
                o.GatewayPort = c.GetValue("Orleans:GatewayPort", 0);
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
