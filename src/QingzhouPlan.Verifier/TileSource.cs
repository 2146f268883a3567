using QingzhouPlan.Transparency;

namespace QingzhouPlan.Verifier;

/// <summary>Where tiles come from: a log's URL (…/log) or a folder a mirror wrote, laid out as the URL is.</summary>
public sealed class TileSource(string location) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private bool Remote => location.StartsWith("http://", StringComparison.Ordinal) || location.StartsWith("https://", StringComparison.Ordinal);

    public async Task<byte[]> Get(string path)
    {
        if (!Remote)
            return await File.ReadAllBytesAsync(Path.Combine(location, path));
        using var response = await _http.GetAsync($"{location.TrimEnd('/')}/{path}");
        if (!response.IsSuccessStatusCode)
            throw new IOException($"{path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// The tree of the first <paramref name="size"/> leaves, rebuilt from the level-0 tiles: every hash recomputed
    /// here, so a tile that lies gives another root. Each tile fetched is handed to <paramref name="keep"/>.
    /// </summary>
    public async Task<MerkleTree> Tree(long size, Func<string, byte[], Task>? keep = null)
    {
        var tree = new MerkleTree();
        var (full, partial) = Tiles.At(0, size);
        for (long n = 0; n <= full; n++)
        {
            var width = n < full ? Tiles.Width : partial;
            if (width == 0)
                break;
            var path = Tiles.Path(0, n, width);
            var tile = await Get(path);
            if (tile.Length != width * TreeHash.Size)
                throw new IOException($"{path}：{tile.Length} 字节，应为 {width * TreeHash.Size}");
            for (var i = 0; i < width; i++)
                tree.Append(tile.AsSpan(i * TreeHash.Size, TreeHash.Size));
            if (keep is not null)
                await keep(path, tile);
        }
        return tree;
    }

    public void Dispose() => _http.Dispose();
}
