using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Server.Audit;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Audit;

/// <summary>A store whose seals are still documents (written before the seals became rows) verifies as before once started.</summary>
public sealed class SealMigrationTests
{
    [Fact]
    public async Task Seal_documents_are_copied_into_link_rows_and_the_chains_still_verify()
    {
        await using var host = new PlanHost(clock: ManualClock.At(2024, 8, 20));
        await Workload.ReportMonths(host, 1, 3);
        var links = $"{host.Schema}.{SealLinks.TableName}";
        var before = await Rows(host);
        before.ShouldNotBeEmpty();

        // The store as it was: one document per stream holding all its links, as Marten's serializer wrote it, and no rows.
        IReadOnlyList<StreamSeal> seals;
        await using (var query = host.Store.QuerySession())
            seals = await SealLinks.Load(query, await query.AdvancedSql.QueryAsync<string>(
                $"select distinct stream_id from {links}", CancellationToken.None), CancellationToken.None);
        await using (var session = host.Store.LightweightSession())
        {
            foreach (var seal in seals)
                session.Store(seal);
            session.QueueSqlCommand($"DELETE FROM {links}");
            await session.SaveChangesAsync();
        }
        (await Rows(host)).ShouldBeEmpty();

        await new SealDocumentsToRows(host.Store, host.Services.GetRequiredService<IConfiguration>()).StartAsync(CancellationToken.None);

        (await Rows(host)).ShouldBe(before);
        // Copying again (every start does) adds nothing.
        await new SealDocumentsToRows(host.Store, host.Services.GetRequiredService<IConfiguration>()).StartAsync(CancellationToken.None);
        (await Rows(host)).ShouldBe(before);
        var verification = await (await host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }

    private static async Task<IReadOnlyList<string>> Rows(PlanHost host)
    {
        await using var session = host.Store.QuerySession();
        return await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws(' ', stream_id, version, seq_id, type, hash, algorithm) from {host.Schema}.{SealLinks.TableName} order by stream_id, version",
            CancellationToken.None);
    }
}
