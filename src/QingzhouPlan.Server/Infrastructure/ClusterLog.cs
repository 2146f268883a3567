namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// What happens to the cluster, in a line a person reads: a silo joined, a silo was declared dead and its
/// items are taken up by the silos left. Orleans' own warnings of connections refused and probes missed while
/// it happens are kept below warning (appsettings), so these lines are what an operator sees of a failover.
/// </summary>
public sealed class ClusterLog(IClusterMembershipService membership, ILocalSiloDetails local, ILogger<ClusterLog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var known = new Dictionary<SiloAddress, SiloStatus>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                foreach (var (silo, member) in snapshot.Members)
                {
                    if (known.TryGetValue(silo, out var was) && was == member.Status)
                        continue;
                    known[silo] = member.Status;
                    Tell(snapshot, silo, member.Status);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Tell(ClusterMembershipSnapshot snapshot, SiloAddress silo, SiloStatus status)
    {
        var self = silo.Equals(local.SiloAddress) ? " (this silo)" : "";
        var active = string.Join(", ", snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.Endpoint));
        switch (status)
        {
            case SiloStatus.Active:
                logger.LogInformation("Cluster: silo {Silo}{Self} is active; active silos: {Active}", silo.Endpoint, self, active);
                break;
            case SiloStatus.Dead:
                logger.LogWarning("Cluster: silo {Silo}{Self} was declared dead; its items are activated on the silos left as they are called: {Active}",
                    silo.Endpoint, self, active);
                break;
            case SiloStatus.ShuttingDown or SiloStatus.Stopping:
                logger.LogInformation("Cluster: silo {Silo}{Self} is leaving", silo.Endpoint, self);
                break;
        }
    }
}
