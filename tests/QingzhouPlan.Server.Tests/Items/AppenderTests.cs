using JasperFx;
using Microsoft.Extensions.DependencyInjection;
using QingzhouPlan.Domain;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Server.Items;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Items;

/// <summary>
/// Commits of different items in one transaction (group commit), each under its own expected version, with its
/// own actor and retry key; a stale version fails that commit alone; a commit of several streams fails whole.
/// </summary>
public sealed class AppenderTests : IAsyncLifetime
{
    private readonly PlanHost _host = new(clock: ManualClock.At(2024, 4, 5));
    private static readonly string[] Items = ["qingzhou-2024/LOCAL-PROCUREMENT", "qingzhou-2024/KEY-INDUSTRIAL-INVESTMENT", "qingzhou-2024/NEW-LOANS"];

    public Task InitializeAsync()
    {
        _host.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Appender Appender => _host.Services.GetRequiredService<Appender>();

    private static ActedBy Actor(string user) => new(user, "gxj", $"trace-{user}");

    private static StreamAppend Report(string key, long version, string user) =>
        new(key, version, [new ValueReported(Period.Month(2024, 3), 12m, $"gc-{user}", 12m, "亿元", null, null, Actor(user))]);

    private static Commit One(string key, long version, string user) =>
        Commit.One(Operations.ReportValue, Actor(user), Report(key, version, user), new RetryKey($"key-{user}", $"fingerprint-{user}"));

    private async Task<List<long>> Versions()
    {
        var versions = new List<long>();
        foreach (var key in Items)
            versions.Add((await _host.Events(key)).Count);
        return versions;
    }

    [Fact]
    public async Task A_group_commits_each_under_its_own_version_with_its_own_actor_key_and_the_appenders_headers()
    {
        var before = await Versions();

        var results = await Appender.CommitTogether(Items.Select((key, i) => One(key, before[i], $"user{i}")).ToList());

        var commits = new HashSet<string>();
        for (var i = 0; i < Items.Length; i++)
        {
            var stored = (await results[i]).ShouldHaveSingleItem().Events.ShouldHaveSingleItem();
            stored.Version.ShouldBe(before[i] + 1);
            var read = (await _host.Events(Items[i])).Last();
            (read.Version, read.UserName, read.CorrelationId).ShouldBe((before[i] + 1, $"user{i}", $"trace-user{i}"));
            read.Headers![RetryKey.KeyHeader].ToString().ShouldBe($"key-user{i}");
            read.Headers[Appender.OperationHeader].ToString().ShouldBe(Operations.ReportValue);
            commits.Add(read.Headers[Appender.CommitHeader].ToString()!);
        }
        commits.Count.ShouldBe(Items.Length, "each commit is named apart, even in one transaction");
        // One transaction: consecutive positions in the store.
        var sequences = new List<long>();
        foreach (var key in Items)
            sequences.Add((await _host.Events(key)).Last().Sequence);
        (sequences.Max() - sequences.Min()).ShouldBe(Items.Length - 1);
        var verification = await (await _host.ClientAs("he.audit", "sjj", "auditor").PostAsync("/api/audit/verify", null)).Json();
        verification.GetProperty("intact").GetBoolean().ShouldBeTrue(verification.ToString());
    }

    [Fact]
    public async Task A_commit_whose_version_moved_fails_alone_and_the_rest_of_its_group_commits()
    {
        var before = await Versions();

        var results = await Appender.CommitTogether([One(Items[0], before[0], "a"), One(Items[1], before[1] - 1, "stale"), One(Items[2], before[2], "c")]);

        (await results[0]).ShouldHaveSingleItem();
        await Should.ThrowAsync<ConcurrencyException>(() => results[1]);
        (await results[2]).ShouldHaveSingleItem();
        (await Versions()).ShouldBe([before[0] + 1, before[1], before[2] + 1]);
    }

    [Fact]
    public async Task A_commit_of_several_streams_fails_whole_when_one_of_them_moved()
    {
        var before = await Versions();
        var whole = new Commit(Operations.CommitForm, Actor("form"),
            [Report(Items[0], before[0], "f0"), Report(Items[1], before[1] - 1, "f1"), Report(Items[2], before[2], "f2")]);

        var results = await Appender.CommitTogether([whole, One(Items[2], before[2], "alone")]);

        await Should.ThrowAsync<ConcurrencyException>(() => results[0]);
        (await results[1]).ShouldHaveSingleItem();
        (await Versions()).ShouldBe([before[0], before[1], before[2] + 1]);
    }

    [Fact]
    public async Task Commits_one_after_another_with_two_writers_log_no_failure()
    {
        // Every commit wakes both writers; the one that finds the queue already emptied has nothing to write.
        var logs = new LogCapture();
        await using var host = new PlanHost(clock: ManualClock.At(2024, 4, 5), overrides: new Dictionary<string, string?> { ["Marten:CommitWriters"] = "2" },
            services: services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        host.CreateClient().Dispose();
        var appender = host.Services.GetRequiredService<Appender>();
        var version = (await host.Events(Items[0])).Count;

        for (var i = 0; i < 20; i++)
            (await appender.Append(One(Items[0], version + i, $"seq{i}"))).ShouldHaveSingleItem();

        (await host.Events(Items[0])).Count.ShouldBe(version + 20);
        logs.Entries.Where(e => e.Category == typeof(Appender).FullName).ShouldBeEmpty();
    }
}
