using QingzhouPlan.Domain.Reports;

namespace QingzhouPlan.Server.Reports;

/// <summary>An item's checkpoint as stored, one per item and version (see <see cref="ItemCheckpoints"/>).</summary>
public sealed record CheckpointDocument(string Id, string PlanId, ItemCheckpoint Checkpoint)
{
    // Kept in columns of their own (MartenSetup): finding each item's checkpoints around an instant then reads
    // no document but the ones it returns. A long history has many checkpoints of several KB each.
    public string Stream => Checkpoint.Stream;

    public long Version => Checkpoint.Version;

    public DateTimeOffset KnownBy => Checkpoint.KnownBy;

    public static string IdOf(string stream, long version) => $"{stream}@{version}";

    public static (string Stream, long Version) Split(string id)
    {
        var at = id.LastIndexOf('@');
        return (id[..at], long.Parse(id[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
