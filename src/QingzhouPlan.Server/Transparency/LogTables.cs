using Marten;
using Weasel.Postgresql.Tables;

namespace QingzhouPlan.Server.Transparency;

/// <summary>
/// The log in PostgreSQL: one row per leaf (its index, the event it records by sequence number, and the entry's
/// bytes), and one per signed checkpoint. The hashes are recomputed from the entries, never stored beside them.
/// </summary>
public static class LogTables
{
    public const string Leaves = "qz_log_leaves";
    public const string Checkpoints = "qz_log_checkpoints";
    public const string Cursor = "qz_log_cursor";
    public const string Gaps = "qz_log_gaps";

    public static IEnumerable<Table> Definitions(string schema)
    {
        var leaves = new Table($"{schema}.{Leaves}");
        leaves.AddColumn<long>("idx").AsPrimaryKey();
        leaves.AddColumn<long>("seq_id").NotNull().AddIndex(i => i.IsUnique = true);
        leaves.AddColumn<string>("stream_id").NotNull();
        leaves.AddColumn<long>("version").NotNull();
        leaves.AddColumn("entry", "bytea").NotNull();
        // An event's leaf by stream and version: inclusion proofs and edition exports ask for it that way.
        leaves.Indexes.Add(new IndexDefinition($"ix_{Leaves}_stream") { Columns = ["stream_id", "version"] });
        yield return leaves;

        var checkpoints = new Table($"{schema}.{Checkpoints}");
        checkpoints.AddColumn<long>("size").AsPrimaryKey();
        checkpoints.AddColumn<string>("note").NotNull();
        checkpoints.AddColumn<DateTimeOffset>("signed_at").NotNull();
        yield return checkpoints;

        // How far the sequencer has read the event sequence: past gaps and Marten's tombstones, which make no leaf.
        var cursor = new Table($"{schema}.{Cursor}");
        cursor.AddColumn<int>("id").AsPrimaryKey();
        cursor.AddColumn<long>("seq_id").NotNull();
        yield return cursor;

        // Sequence numbers the cursor passed with no event: a commit Marten's high-water mark gave up waiting for
        // may still land there, and is logged when it does.
        var gaps = new Table($"{schema}.{Gaps}");
        gaps.AddColumn<long>("seq_id").AsPrimaryKey();
        gaps.AddColumn<DateTimeOffset>("noted_at").NotNull();
        yield return gaps;
    }

    public static string Name(IDocumentStore store, string table) => $"{store.Options.Events.DatabaseSchemaName}.{table}";

    public static string CursorQuery(IDocumentStore store) => $"select seq_id from {Name(store, Cursor)} where id = 1";
}
