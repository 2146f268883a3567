using QingzhouPlan.Domain.Items;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Calendar;

/// <summary>How far a missing report has been pursued, in the order the stages come.</summary>
public enum EscalationStage
{
    /// <summary>提醒: the deadline is near and nothing is reported.</summary>
    Reminder,

    /// <summary>催报: the deadline has passed with no figure.</summary>
    Urge,

    /// <summary>通报: still missing some days after the deadline; reported to the leadership.</summary>
    Notice,
}

/// <summary>
/// The system pursued a missing report, or a figure waiting too long at an approval level (<see cref="Level"/>, with
/// its name then): a dated, auditable fact on the item's stream, naming the department whose round it is. A figure
/// for the period closes a report's escalation; the level's next step (or any step of the round) closes a level's.
/// </summary>
public sealed record EscalationRaised(
    Period Period, EscalationStage Stage, DateOnly DueOn, string Department, ActedBy Actor, string? Level = null, string? LevelName = null) : IItemEvent;

/// <summary>An escalation as the item's state keeps it: open until a figure for its period arrives.</summary>
[GenerateSerializer, Immutable, Alias("Escalation")]
public sealed record Escalation(
    [property: Id(0)] Period Period,
    [property: Id(1)] EscalationStage Stage,
    [property: Id(2)] string Department,
    [property: Id(3)] DateTimeOffset RaisedAt,
    [property: Id(4)] DateTimeOffset? ClosedAt,
    [property: Id(5)] string? Level = null);

/// <summary>When each stage is due: 提醒 this many days before the deadline, 通报 this many days after it.</summary>
public sealed record EscalationPolicy(int RemindDaysBefore = 3, int NoticeDaysAfter = 5)
{
    public static readonly EscalationPolicy Default = new();
}
