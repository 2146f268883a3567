using JasperFx;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// Several items' appends in one transaction (GroupCommit), each under its own expected version, with
/// its own actor and retry key; a stale version fails that append alone.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 4, 5));
    private static readonly string[] Items = ["qingzhou-2024/LOCAL-PROCUREMENT", "qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT", "qingzhou-2024/NEW-LOANS"];

    public Task InitializeAsync()
    {
        _host.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private GroupCommit Commits => _host.Services.GetRequiredService<GroupCommit>();

    private static StreamAppend Report(string key, long version, string user) =>
        new(key, version, [new ValueReported(Period.Month(2024, 3), 12m, $"gc-{user}", 12m, "亿元", null, null, new ActedBy(user, "gxj", $"trace-{user}"))],
            new ActedBy(user, "gxj", $"trace-{user}"), new CommandKey($"key-{user}", $"fingerprint-{user}"));

    [Fact]
    public async Task A_group_commits_each_append_under_its_own_version_with_its_own_actor_and_key()
    {
        var before = new List<long>();
        foreach (var key in Items)
            before.Add((await _host.Events(key)).Count);

        var results = await Commits.CommitTogether(Items.Select((key, i) => Report(key, before[i], $"user{i}")).ToList());

        for (var i = 0; i < Items.Length; i++)
        {
            var stored = (await results[i]).Events.ShouldHaveSingleItem();
            stored.Version.ShouldBe(before[i] + 1);
            var read = (await _host.Events(Items[i])).Last();
            (read.Version, read.UserName, read.CorrelationId).ShouldBe((before[i] + 1, $"user{i}", $"trace-user{i}"));
            read.Headers![CommandKey.KeyHeader].ToString().ShouldBe($"key-user{i}");
        }
        // One transaction: consecutive positions in the store.
        var sequences = new List<long>();
        foreach (var key in Items)
            sequences.Add((await _host.Events(key)).Last().Sequence);
        (sequences.Max() - sequences.Min()).ShouldBe(Items.Length - 1);
        var verification = await (await _host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }

    [Fact]
    public async Task An_append_whose_version_moved_fails_alone_and_the_rest_of_its_group_commits()
    {
        var before = new List<long>();
        foreach (var key in Items)
            before.Add((await _host.Events(key)).Count);

        var results = await Commits.CommitTogether(
        [
            Report(Items[0], before[0], "a"),
            Report(Items[1], before[1] - 1, "stale"),
            Report(Items[2], before[2], "c"),
        ]);

        (await results[0]).Events.ShouldHaveSingleItem();
        await Should.ThrowAsync<ConcurrencyException>(() => results[1]);
        (await results[2]).Events.ShouldHaveSingleItem();
        (await _host.Events(Items[0])).Count.ShouldBe((int)before[0] + 1);
        (await _host.Events(Items[1])).Count.ShouldBe((int)before[1]);
        (await _host.Events(Items[2])).Count.ShouldBe((int)before[2] + 1);
    }
}
