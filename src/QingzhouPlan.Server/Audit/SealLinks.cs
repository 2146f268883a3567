using Marten;
using Weasel.Postgresql.Tables;

namespace QingzhouPlan.Server.Audit;

/// <summary>
/// The seals as rows, one per link, keyed by stream and version. A seal kept as one document per stream was
/// rewritten whole on every append, a cost that grew with the stream; a link is written once, beside its event.
/// Readers still see a stream's <see cref="StreamSeal"/>.
/// </summary>
public static class SealLinks
{
    public const string TableName = "qz_seal_links";

    public static Table Definition(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<string>("stream_id").AsPrimaryKey();
        table.AddColumn<long>("version").AsPrimaryKey();
        table.AddColumn<long>("seq_id").NotNull();
        table.AddColumn<string>("type").NotNull();
        table.AddColumn<string>("hash").NotNull();
        table.AddColumn<int>("algorithm").NotNull();
        return table;
    }

    private static string Table(IQuerySession session) => $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.{TableName}";

    // Rows come back as JSON, one column, which is what Marten's raw queries read.
    private const string Row = "jsonb_build_object('Stream', stream_id, 'Version', version, 'Sequence', seq_id, 'Type', type, 'Hash', hash, 'Algorithm', algorithm)";

    private sealed record LinkRow(string Stream, long Version, long Sequence, string Type, string Hash, int Algorithm);

    /// <summary>The seals of these streams (a stream without links has none).</summary>
    // A single array argument goes inside an array of its own: passed bare, params would spread its items.
    public static async Task<IReadOnlyList<StreamSeal>> Load(IQuerySession session, IEnumerable<string> streams, CancellationToken cancellationToken) =>
        Seals(await session.AdvancedSql.QueryAsync<LinkRow>(
            $"select {Row} from {Table(session)} where stream_id = any(?::text[]) order by stream_id, version", cancellationToken, [streams.ToArray()]));

    /// <summary>The seals of the next streams after <paramref name="after"/> in key order, for reading them all a page at a time.</summary>
    public static async Task<IReadOnlyList<StreamSeal>> Page(IQuerySession session, string after, int streams, CancellationToken cancellationToken) =>
        Seals(await session.AdvancedSql.QueryAsync<LinkRow>(
            $"select {Row} from {Table(session)} where stream_id in " +
            $"(select distinct stream_id from {Table(session)} where stream_id > ? order by stream_id limit ?) order by stream_id, version",
            cancellationToken, after, streams));

    /// <summary>The heads of these streams' chains: each stream's last row, read backwards on the key, whatever the chain's length.</summary>
    public static async Task<IReadOnlyDictionary<string, ChainHead>> Heads(IQuerySession session, IEnumerable<string> streams, CancellationToken cancellationToken) =>
        (await session.AdvancedSql.QueryAsync<LinkRow>(
            $"select head.link from unnest(?::text[]) as wanted(stream_id) cross join lateral " +
            $"(select {Row} as link from {Table(session)} l where l.stream_id = wanted.stream_id order by version desc limit 1) head",
            cancellationToken, [streams.ToArray()]))
        .ToDictionary(r => r.Stream, r => new ChainHead(r.Version, r.Hash), StringComparer.Ordinal);

    /// <summary>The heads of the next streams after <paramref name="after"/> in key order.</summary>
    public static async Task<IReadOnlyList<(string Stream, ChainHead Head)>> HeadsPage(IQuerySession session, string after, int streams, CancellationToken cancellationToken) =>
        (await session.AdvancedSql.QueryAsync<LinkRow>(
            $"select head.link from (select distinct stream_id from {Table(session)} where stream_id > ? order by stream_id limit ?) as page cross join lateral " +
            $"(select {Row} as link from {Table(session)} l where l.stream_id = page.stream_id order by version desc limit 1) head order by page.stream_id",
            cancellationToken, after, streams))
        .Select(r => (r.Stream, new ChainHead(r.Version, r.Hash))).ToList();

    /// <summary>The links at these versions of these streams, those that exist: exact lookups on the key.</summary>
    public static async Task<IReadOnlyDictionary<(string Stream, long Version), SealLink>> At(
        IQuerySession session, IEnumerable<(string Stream, long Version)> at, CancellationToken cancellationToken)
    {
        var wanted = at.Distinct().ToList();
        if (wanted.Count == 0)
            return new Dictionary<(string, long), SealLink>();
        return (await session.AdvancedSql.QueryAsync<LinkRow>(
                $"select {Row} from {Table(session)} join unnest(?::text[], ?::bigint[]) as wanted(stream_id, version) using (stream_id, version)",
                cancellationToken, wanted.Select(a => a.Stream).ToArray(), wanted.Select(a => a.Version).ToArray()))
            .ToDictionary(r => (r.Stream, r.Version), r => new SealLink(r.Version, r.Sequence, r.Type, r.Hash, r.Algorithm));
    }

    /// <summary>Each stream's link at the given version, as the head the next events chain to.</summary>
    public static async Task<IReadOnlyDictionary<string, ChainHead>> HeadsAt(
        IQuerySession session, IReadOnlyList<(string Stream, long Version)> at, CancellationToken cancellationToken) =>
        (await At(session, at, cancellationToken)).ToDictionary(l => l.Key.Stream, l => new ChainHead(l.Value.Version, l.Value.Hash), StringComparer.Ordinal);

    /// <summary>Queues the links' insertion in the session's transaction: one statement for all of them.</summary>
    public static void Queue(IDocumentOperations operations, IReadOnlyList<(string Stream, SealLink Link)> links)
    {
        if (links.Count == 0)
            return;
        operations.QueueSqlCommand(
            $"insert into {Table(operations)} (stream_id, version, seq_id, type, hash, algorithm) select * from unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::int[])",
            links.Select(l => l.Stream).ToArray(), links.Select(l => l.Link.Version).ToArray(), links.Select(l => l.Link.Sequence).ToArray(),
            links.Select(l => l.Link.Type).ToArray(), links.Select(l => l.Link.Hash).ToArray(), links.Select(l => l.Link.Algorithm).ToArray());
    }

    /// <summary>Whether a commit failed because a stream's chain already held a link at a version being appended.</summary>
    public static bool IsCollision(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, TableName: TableName })
                return true;
        return false;
    }

    private static IReadOnlyList<StreamSeal> Seals(IEnumerable<LinkRow> rows) =>
        rows.GroupBy(r => r.Stream)
            .Select(g => new StreamSeal(g.Key, g.Select(r => new SealLink(r.Version, r.Sequence, r.Type, r.Hash, r.Algorithm)).ToList()))
            .ToList();
}
