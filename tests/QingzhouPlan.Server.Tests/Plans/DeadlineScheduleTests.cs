using Marten;
using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Server.Plans;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Plans;

/// <summary>
/// Deadline checks keep their schedule across restarts: a server restarted more often than the interval, or
/// down when a check fell due, makes the check on time (at once when overdue) instead of a whole interval after
/// each start, which a server restarted every few minutes never reached.
/// </summary>
public sealed class DeadlineScheduleTests
{
    [Fact]
    public async Task A_check_that_fell_due_while_the_server_was_down_is_made_soon_after_it_starts()
    {
        // 20 July: June's figures were due on 10 July, and LOCAL-PROCUREMENT's is missing.
        var clock = ManualClock.At(2024, 7, 20);
        string schema;
        await using (var first = new PlanHost(clock: clock) { DropSchemaOnDispose = false })
        {
            first.CreateClient().Dispose();
            schema = first.Schema;
            // Its first start schedules every department's first check an hour on; nothing is escalated yet.
            (await Wait.Whether(async () => await Schedules(first) > 0, TimeSpan.FromSeconds(30))).ShouldBeTrue("the schedules were not kept");
            (await Escalations(first)).ShouldBe(0);
            // The hour passes while the server is down.
            await using var session = first.Store.LightweightSession();
            session.QueueSqlCommand($"update {first.Schema}.mt_doc_deadlineschedule set data = jsonb_set(data, '{{NextAt}}', to_jsonb(now() - interval '1 minute'))");
            await session.SaveChangesAsync();
        }

        await using var second = new PlanHost(schema, clock: clock);
        second.CreateClient().Dispose();

        async Task<bool> JuneEscalated() => (await second.Events("qingzhou-2024/LOCAL-PROCUREMENT")).Select(e => e.Data)
            .OfType<EscalationRaised>().Any(x => x.Period.ToString() == "2024-06");
        (await Wait.Whether(JuneEscalated, TimeSpan.FromSeconds(30))).ShouldBeTrue("the overdue check waited for a whole interval after the start");
    }

    private static async Task<int> Schedules(PlanHost host)
    {
        await using var session = host.Store.QuerySession();
        return await session.Query<DeadlineSchedule>().CountAsync();
    }

    private static async Task<int> Escalations(PlanHost host)
    {
        await using var session = host.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync(e => e.EventTypeName == "escalation_raised");
    }
}
