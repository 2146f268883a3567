using System.Text.Json.Serialization;
using QingzhouPlan.Domain.Reports;

namespace QingzhouPlan.Server.Reports;

/// <summary>
/// An item's snapshot as stored, one per item and version (see <see cref="ItemSnapshots"/>). Snapshots were
/// once called checkpoints: stores written then keep them in mt_doc_checkpointdocument under "Checkpoint",
/// which the table alias (MartenSetup) and the JSON name keep reading.
/// </summary>
public sealed record SnapshotDocument(string Id, string PlanId, [property: JsonPropertyName(SnapshotDocument.JsonName)] ItemSnapshot Snapshot)
{
    /// <summary>The snapshot's name in the stored JSON.</summary>
    public const string JsonName = "Checkpoint";

    // Kept in columns of their own (MartenSetup): finding each item's snapshots around an instant then reads
    // no document but the ones it returns. A long history has many snapshots of several KB each.
    public string Stream => Snapshot.Stream;

    public long Version => Snapshot.Version;

    public DateTimeOffset KnownBy => Snapshot.KnownBy;

    public static string IdOf(string stream, long version) => $"{stream}@{version}";

    public static (string Stream, long Version) Split(string id)
    {
        var at = id.LastIndexOf('@');
        return (id[..at], long.Parse(id[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
