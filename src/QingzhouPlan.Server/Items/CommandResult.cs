using QingzhouPlan.Domain;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// The answer to a command: the stream version after it (the committed event, or the current version for
/// an idempotent retry), or the refusal.
/// </summary>
[GenerateSerializer, Immutable, Alias("CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] long Version,
    [property: Id(1)] bool Appended,
    [property: Id(2)] Refusal? Refusal)
{
    public static CommandResult Committed(long version) => new(version, true, null);
    public static CommandResult Unchanged(long version) => new(version, false, null);
    public static CommandResult Refused(Refusal refusal) => new(0, false, refusal);
}
