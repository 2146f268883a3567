using Microsoft.Extensions.Options;
using QingzhouPlan.Server.Forms;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>Reading files is rationed: one at a time per user, a few on the server, each within its time.</summary>
public sealed class FormReadGateTests
{
    private static FormReadGate Gate(FormLimits limits) => new(Options.Create(limits));

    [Fact]
    public async Task A_read_that_overruns_its_time_is_given_up_with_a_finding()
    {
        // Seven million empty cells take about a second to pass over; a millisecond is not enough.
        var file = HostileWorkbooks.All.Single(c => c.Name == "seven million empty cells").Build();

        var reading = await Gate(new FormLimits { ReadTime = TimeSpan.FromMilliseconds(1) }).Read(file, "li.wei", TimeSpan.FromSeconds(5), CancellationToken.None);

        reading.Header.ShouldBeNull();
        reading.Findings.ShouldHaveSingleItem().Message.ShouldContain("秒内没有读完");
    }

    [Fact]
    public async Task A_user_waits_for_their_own_read_and_everyone_for_the_servers_turns()
    {
        var gate = Gate(new FormLimits { ConcurrentReads = 0 });

        // The first holds li.wei's turn while it waits for one of the server's, which never comes.
        var first = gate.Read(HostileWorkbooks.Template(), "li.wei", TimeSpan.FromMilliseconds(500), CancellationToken.None);
        var second = await Should.ThrowAsync<FormsBusy>(gate.Read(HostileWorkbooks.Template(), "li.wei", TimeSpan.Zero, CancellationToken.None));
        second.Message.ShouldContain("another of your forms");
        (await Should.ThrowAsync<FormsBusy>(first)).Message.ShouldContain("the server is reading other forms");
    }

    [Fact]
    public async Task With_a_turn_free_the_file_is_read()
    {
        var reading = await Gate(new FormLimits()).Read(HostileWorkbooks.Template(), "li.wei", TimeSpan.Zero, CancellationToken.None);

        reading.HasErrors.ShouldBeFalse();
        reading.Entries.Count.ShouldBe(2);
    }
}
