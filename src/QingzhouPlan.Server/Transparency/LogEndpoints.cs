using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Server.Access;
using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>
/// The log over HTTP. Its checkpoints, public key and hash tiles are public (C2SP tlog-tiles under /log/): hashes
/// say nothing of the figures, and an auditor mirrors them with GETs alone. Entries name streams and people, so
/// their bundles, the proofs that carry them and edition exports are for auditors.
/// </summary>
public static class LogEndpoints
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private const int MaxCheckpoints = 1000;

    public static void MapTransparencyLog(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/log").WithTags("Transparency log").AllowAnonymous();
        open.MapGet("/checkpoint", async (LogReader log, HttpContext context, CancellationToken ct) =>
                await log.Latest(ct) is { } latest
                    ? Text(context, latest.Note, "no-store")
                    : Problems.Field(StatusCodes.Status404NotFound, "checkpoint", "the log has no checkpoint yet"))
            .WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint), with the witnesses' cosignatures");
        open.MapGet("/key", (LogKey key, HttpContext context) => Text(context, key.Signer.Verifier + "\n", "no-cache"))
            .WithSummary("The log's verifier key (name+id+key); the same key, type 0x04, dates checkpoints");
        open.MapGet("/tile/{level:int}/{**index}", Tile)
            .WithSummary("A tile of hashes: tile/<L>/<N>[.p/<W>] (C2SP tlog-tiles)");

        var audit = app.MapGroup("/api/log").WithTags("Transparency log").RequireAuthorization(Policies.Audit);
        app.MapGet("/log/tile/entries/{**index}", Entries).WithTags("Transparency log").RequireAuthorization(Policies.Audit)
            .AddEndpointFilter(PlanScopeGate.EveryPlan)
            .WithSummary("A bundle of 256 entries: tile/entries/<N>[.p/<W>] (C2SP tlog-tiles)");
        audit.MapGet("/checkpoints", async (long? after, int? limit, LogReader log, CancellationToken ct) =>
                limit is < 1 or > MaxCheckpoints
                    ? Problems.Field(StatusCodes.Status400BadRequest, "limit", $"from 1 to {MaxCheckpoints}")
                    : Results.Ok(await log.Checkpoints(ct, after ?? -1, limit ?? MaxCheckpoints)))
            .WithSummary("The checkpoints the log has signed, oldest first: those above size 'after', 'limit' at a time");
        audit.MapGet("/proof/inclusion", Inclusion)
            .WithSummary("An event's leaf, entry and inclusion proof in a tree size: by stream and version, or by index");
        audit.MapGet("/proof/consistency", Consistency)
            .WithSummary("The proof that the tree of size 'to' extends the tree of size 'from'");
        app.MapGet("/api/plans/{planId}/editions/{number:int}/export", Export).WithTags("Transparency log")
            .RequireAuthorization(Policies.Audit)
            .WithSummary("An edition with every figure's leaf and inclusion proof in the edition's checkpoint, for the offline verifier");
        app.MapGet("/api/plans/{planId}/audit/signals", async (string planId, IntegritySignalReader signals, CancellationToken ct) =>
                Results.Ok(await signals.Of(planId, ct)))
            .WithTags("Audit").RequireAuthorization(Policies.Audit)
            .WithSummary("Integrity signals: one account for several departments, figures revised after their edition, reports after the deadline, acts at night or in bursts — each with the log's leaves as evidence");
    }

    private static async Task<IResult> Tile(int level, string index, LogTree tree, HttpContext context, CancellationToken ct)
    {
        if (level is < 0 or > Tiles.MaxLevel || Tiles.ParseIndex(index) is not var (n, width))
            return Problems.Field(StatusCodes.Status400BadRequest, "index", $"a tile is tile/<0 to {Tiles.MaxLevel}>/x001/x234/067, with .p/<width> for a partial tile");
        var tile = await tree.Read(t =>
        {
            var (full, partial) = Tiles.At(level, t.Size);
            return n < full || (n == full && width <= partial) ? t.Tile(level, n, width) : null;
        }, ct);
        if (tile is null)
            return Problems.Field(StatusCodes.Status404NotFound, "index", "the tree has no such tile yet");
        context.Response.Headers.CacheControl = Immutable;
        return Results.Bytes(tile, "application/octet-stream");
    }

    private static async Task<IResult> Entries(string index, LogTree tree, LogReader log, HttpContext context, CancellationToken ct)
    {
        if (Tiles.ParseIndex(index) is not var (n, width))
            return Problems.Field(StatusCodes.Status400BadRequest, "index", "a bundle index is x001/x234/067, with .p/<width> for a partial bundle");
        var size = await tree.Read(t => t.Size, ct);
        if (n * Tiles.Width + width > size)
            return Problems.Field(StatusCodes.Status404NotFound, "index", "the log has no such entries yet");
        context.Response.Headers.CacheControl = Immutable;
        return Results.Bytes(Tiles.Bundle(await log.Entries(n * Tiles.Width, width, ct)), "application/octet-stream");
    }

    /// <summary>An event's leaf and its proof in a tree size: the one asked for, or else the latest signed checkpoint's.</summary>
    private static async Task<IResult> Inclusion(string? stream, long? version, long? index, long? size, HttpContext context, LogTree tree, LogReader log, CancellationToken ct)
    {
        (long Index, byte[] Entry)? leaf;
        if (index is { } i)
            leaf = (await log.Entries(i, 1, ct)) is [var entry] ? (i, entry) : null;
        else if (stream is not null && version is { } v)
            leaf = await log.Leaf(stream, v, ct);
        else
            return Problems.Field(StatusCodes.Status400BadRequest, "stream", "give stream and version, or index");
        // Outside the token's plans a leaf is as absent as one never logged: its existence is not for this caller.
        if (leaf is not { } found || !PlanClaims.ScopeOf(context.User).Covers(PlanKeys.Split(LogEntry.Decode(found.Entry).Stream).PlanId))
            return Problems.Field(StatusCodes.Status404NotFound, index is null ? "version" : "index", "no such leaf in the log (yet)");
        var treeSize = size ?? (await log.FirstHolding(found.Index, ct) is not null && await log.Latest(ct) is { } latest ? latest.Size : (long?)null);
        if (treeSize is not { } proven)
            return Problems.Field(StatusCodes.Status404NotFound, "size", "no signed checkpoint holds the leaf yet; give a size, or ask again in a few seconds");
        var proof = await tree.Read(t => proven <= found.Index || proven > t.Size ? null : t.InclusionProof(found.Index, proven), ct);
        if (proof is null)
            return Problems.Field(StatusCodes.Status400BadRequest, "size", $"a tree size above the leaf's index ({found.Index}) and within the log");
        return Results.Ok(new
        {
            found.Index,
            Size = proven,
            LeafHash = Convert.ToBase64String(TreeHash.Leaf(found.Entry)),
            Entry = Convert.ToBase64String(found.Entry),
            Proof = proof.Select(Convert.ToBase64String),
        });
    }

    private static async Task<IResult> Consistency(long from, long to, LogTree tree, CancellationToken ct)
    {
        var proof = await tree.Read(t => from < 0 || from > to || to > t.Size ? null : t.ConsistencyProof(from, to), ct);
        return proof is null
            ? Problems.Field(StatusCodes.Status400BadRequest, "to", "0 ≤ from ≤ to ≤ the log's size")
            : Results.Ok(new { From = from, To = to, Proof = proof.Select(Convert.ToBase64String) });
    }

    private static async Task<IResult> Export(string planId, int number, EditionExport exports, HttpContext context, CancellationToken ct)
    {
        var (export, missing) = await exports.Of(planId, number, ct);
        if (export is not null)
            return Results.Ok(export);
        if (missing == "edition")
            return Problems.Field(StatusCodes.Status404NotFound, "number", $"plan '{planId}' has no edition {number}", clerk: $"没有第 {number} 版");
        // Sequencing trails the commit by a moment, and a checkpoint follows it: the export is ready in seconds.
        context.Response.Headers.RetryAfter = "2";
        return Problems.Field(StatusCodes.Status503ServiceUnavailable, "number", "the edition is not yet in a signed checkpoint; try again in a few seconds",
            clerk: "该版次尚未写入签名检查点，请稍后再试");
    }

    private static IResult Text(HttpContext context, string text, string cacheControl)
    {
        context.Response.Headers.CacheControl = cacheControl;
        return Results.Text(text, "text/plain; charset=utf-8");
    }
}
