using System.Globalization;
using System.Text.Json;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Verifier;

/// <summary>
/// Checks an exported edition: the checkpoint is the log's; every leaf's entry hashes the data shown with it and
/// is in the checkpoint's tree; each figure's entry is its item's event, saying that value for that period, at or
/// before the version the publication pinned. Given a checkpoint the auditor kept: the edition's tree extends it
/// (from the tiles), and no figure was logged after it while dated well before it.
/// </summary>
public static class EditionCheck
{
    public static async Task<IReadOnlyList<string>> Run(ExportedEdition edition, LogKeys keys, string? keptNote, TileSource? tiles, TimeSpan maxMergeDelay)
    {
        var failures = new List<string>();
        var (checkpoint, _, problem) = keys.Read(edition.Checkpoint);
        if (checkpoint is null)
            return [problem!];

        var publication = Leaf(edition.Publication, checkpoint, "版次发布记录", failures);
        var pinned = new Dictionary<string, long>(StringComparer.Ordinal);
        if (publication is not null)
        {
            using var data = JsonDocument.Parse(edition.Publication.Data);
            var root = data.RootElement;
            // The publication is the edition's own event: its stream, its number as version, and what the file says of it.
            if (publication.Stream != $"{edition.Plan}/editions" || publication.Version != edition.Edition
                || Text(root, "PlanId") != edition.Plan || Text(root, "Period") != edition.Period || Text(root, "Title") != edition.Title
                || !root.TryGetProperty("Number", out var number) || number.GetInt32() != edition.Edition || !root.TryGetProperty("Versions", out var versions))
                failures.Add($"版次发布记录不是 {edition.Plan} 第 {edition.Edition} 版（{edition.Period}）的发布记录");
            else
                foreach (var item in versions.EnumerateObject())
                    pinned[item.Name] = item.Value.GetInt64();
        }

        DateTimeOffset? keptTime = null;
        Checkpoint? kept = null;
        if (keptNote is not null)
        {
            (kept, keptTime, problem) = keys.Read(keptNote);
            if (kept is null)
                failures.Add($"所保存的检查点：{problem}");
        }

        foreach (var figure in edition.Figures)
        {
            var name = $"{figure.Item} {figure.Period}";
            if (Leaf(figure.Leaf, checkpoint, name, failures) is not { } entry)
                continue;
            using var data = JsonDocument.Parse(figure.Leaf.Data);
            if (entry.Stream != figure.Item)
                failures.Add($"{name}：记录属于 {entry.Stream}，不是该事项");
            else if (Text(data.RootElement, "Period") != figure.Period
                || !data.RootElement.TryGetProperty("Value", out var value) || value.ValueKind != JsonValueKind.Number || value.GetDecimal() != figure.Value)
                failures.Add($"{name}：记录中的数值不是 {figure.Value.ToString(CultureInfo.InvariantCulture)}");
            else if (publication is not null && (!pinned.TryGetValue(figure.Item, out var version) || entry.Version > version))
                failures.Add($"{name}：该记录晚于版次发布时锁定的版本");
            if (kept is not null && keptTime is { } t && figure.Leaf.Index >= kept.Size && entry.Time < t - maxMergeDelay)
                failures.Add($"{name}：数值的记录时间为北京时间 {Beijing(entry.Time)}，早于所保存的检查点（{kept.Size} 条，{Beijing(t)}），却在其后才进入日志（第 {figure.Leaf.Index} 条）：系事后补录");
        }

        if (kept is not null && tiles is not null)
            failures.AddRange(kept.Size <= checkpoint.Size ? await Consistency(kept, checkpoint, tiles) : await Consistency(checkpoint, kept, tiles));
        return failures;
    }

    /// <summary>Whether a checkpoint's tree extends a smaller one's, recomputed from the tiles of the larger.</summary>
    public static async Task<IReadOnlyList<string>> Consistency(Checkpoint small, Checkpoint large, TileSource tiles)
    {
        var tree = await tiles.Tree(large.Size);
        var failures = new List<string>();
        if (!tree.Root(large.Size).AsSpan().SequenceEqual(large.Root))
            failures.Add($"日志提供的数据块算出的 {large.Size} 条之树，与其签名检查点的根不符");
        if (!tree.Root(small.Size).AsSpan().SequenceEqual(small.Root))
            failures.Add($"{large.Size} 条之树不延续所保存的 {small.Size} 条检查点：此前的历史已被改写");
        return failures;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Beijing(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static LogEntry? Leaf(ExportedLeaf leaf, Checkpoint checkpoint, string name, List<string> failures)
    {
        try
        {
            var bytes = Convert.FromBase64String(leaf.Entry);
            var entry = LogEntry.Decode(bytes);
            if (!LogEntry.HashOf(leaf.Data).AsSpan().SequenceEqual(entry.DataHash))
            {
                failures.Add($"{name}：所附数据与日志记录的摘要不符");
                return null;
            }
            var proof = leaf.Proof.Select(Convert.FromBase64String).ToList();
            if (Proofs.InclusionFailure(leaf.Index, checkpoint.Size, TreeHash.Leaf(bytes), proof, checkpoint.Root) is not null)
            {
                failures.Add($"{name}：包含证明不成立，该记录不在检查点（{checkpoint.Size} 条）的树中：记录已被改动");
                return null;
            }
            return entry;
        }
        catch (FormatException)
        {
            failures.Add($"{name}：记录格式有误");
            return null;
        }
    }
}
