using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Rounds;

/// <summary>
/// A step of the round for one figure, or for every figure of a department's round (department × period): the
/// period is the round's (2024-03), each item taking its own period that ends with it (2024-Q1 for a quarterly one).
/// <see cref="Message"/> is the send-back message, the reason to withdraw an approval, an approval's note, or a
/// submission's 上报说明 for rules across items.
/// </summary>
[GenerateSerializer, Immutable, Alias("RoundStep")]
public sealed record RoundStep(
    [property: Id(0)] RoundAction Action,
    [property: Id(1)] Period Period,
    [property: Id(2)] string? Level,
    [property: Id(3)] string? Message);

public enum RoundAction
{
    /// <summary>科室填报 done: the department submits (locks) its figures.</summary>
    Submit,

    /// <summary>A level approves the figures awaiting it.</summary>
    Approve,

    /// <summary>A level sends figures awaiting it back to the reporter, with a message.</summary>
    SendBack,

    /// <summary>The level above withdraws the latest approval, with a reason.</summary>
    Unapprove,
}
