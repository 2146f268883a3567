using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;
using QingzhouPlan.Server.Access;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>The silos of the cluster as its membership table sees them, with the activations each holds.</summary>
public static class ClusterEndpoints
{
    // A silo that died but is not yet declared dead does not answer: its count is left out rather than waited for.
    private static readonly TimeSpan StatisticsTimeout = TimeSpan.FromSeconds(3);

    public static void MapClusterAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/cluster", Silos)
            .WithTags("Administration")
            .RequireAuthorization(Policies.Administer)
            .WithSummary("The cluster's silos: address, silo port, status (Active, Dead, …), activations held (null when the silo did not answer), and which one answered");
    }

    private static async Task<Ok<List<SiloView>>> Silos(IGrainFactory grains, ILocalSiloDetails local)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var activations = new Dictionary<SiloAddress, int>();
        foreach (var host in hosts.Where(h => h.Status == SiloStatus.Active))
        {
            try
            {
                var statistics = await management.GetSimpleGrainStatistics([host.SiloAddress]).WaitAsync(StatisticsTimeout);
                activations[host.SiloAddress] = statistics.Sum(s => s.ActivationCount);
            }
            catch (Exception ex) when (ex is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                // Left out: the silo is on its way to being declared dead.
            }
        }
        return TypedResults.Ok(hosts
            .OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(h => new SiloView(h.SiloAddress.ToParsableString(), h.SiloAddress.Endpoint.Port, h.Status.ToString(),
                activations.TryGetValue(h.SiloAddress, out var count) ? count : null, h.SiloAddress.Equals(local.SiloAddress)))
            .ToList());
    }
}
