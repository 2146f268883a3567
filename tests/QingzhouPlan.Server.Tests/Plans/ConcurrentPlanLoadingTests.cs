using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>
/// Several silos start on one store: each checks whether the plan is loaded and, if not, loads it. When
/// another commits between one's check and its own commit, the loser must start anyway, leaving the
/// winner's load as it is.
/// </summary>
public sealed class ConcurrentPlanLoadingTests
{
    [Fact]
    public async Task A_host_whose_load_loses_the_race_to_another_host_starts_anyway()
    {
        await using var host = new PlanHost();
        host.CreateClient().Dispose();
        var loader = host.Services.GetServices<IHostedService>().OfType<PlanLoader>().Single();
        var files = host.Services.GetRequiredService<SeedFiles>();
        var seed = files.PlanFiles().Select(SeedFiles.Read).Single(s => s.Plan.Id == "qingzhou-2024");
        var before = (await host.Events("qingzhou-2024")).Count;

        // What the second host does after its check found nothing: the first host's load is already committed.
        await Should.NotThrowAsync(() => loader.Load(seed, files.DocumentSha256(seed)));

        (await host.Events("qingzhou-2024")).Count.ShouldBe(before);
    }
}
