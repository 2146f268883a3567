using Orleans.Runtime;
using QingzhouPlan.Server.Access;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>The silos of the cluster as its membership table sees them, with the activations each holds.</summary>
public static class ClusterEndpoints
{
    public static void MapClusterAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/cluster", async (IGrainFactory grains, ILocalSiloDetails local) =>
            {
                var management = grains.GetGrain<IManagementGrain>(0);
                var hosts = await management.GetDetailedHosts(onlyActive: false);
                var activations = (await management.GetSimpleGrainStatistics())
                    .GroupBy(s => s.SiloAddress)
                    .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
                return Results.Ok(hosts
                    .OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
                    .Select(h => new SiloView(h.SiloAddress.ToParsableString(), h.SiloAddress.Endpoint.Port, h.Status.ToString(),
                        h.Status == SiloStatus.Active ? activations.GetValueOrDefault(h.SiloAddress) : 0, h.SiloAddress.Equals(local.SiloAddress)))
                    .ToList());
            })
            .WithTags("Administration")
            .RequireAuthorization(Policies.Administer)
            .WithSummary("The cluster's silos: address, silo port, status (Active, Dead, …), activations held, and which one answered");
    }
}

/// <summary>One silo of the cluster.</summary>
public sealed record SiloView(string Address, int SiloPort, string Status, int Activations, bool Here);
