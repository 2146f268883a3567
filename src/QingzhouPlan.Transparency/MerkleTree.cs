namespace QingzhouPlan.Transparency;

/// <summary>
/// A Merkle tree held in memory as the hashes of its full subtrees, level by level (level h holds the root of
/// every complete run of 2^h leaves). From those it answers any root, proof or tile for any size it has reached,
/// in O(log n) hashes: what a log serves and what a verifier rebuilds from a mirror. Not thread-safe.
/// </summary>
public sealed class MerkleTree
{
    private readonly List<HashColumn> _levels = [new()];

    public long Size => _levels[0].Count;

    /// <summary>Appends a leaf by its hash (see <see cref="TreeHash.Leaf"/>), completing whatever subtrees it closes.</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != TreeHash.Size)
            throw new ArgumentException("a leaf hash is 32 bytes", nameof(leafHash));
        _levels[0].Add(leafHash);
        for (var level = 0; _levels[level].Count % 2 == 0; level++)
        {
            if (level + 1 == _levels.Count)
                _levels.Add(new HashColumn());
            var column = _levels[level];
            _levels[level + 1].Add(TreeHash.Node(column[column.Count - 2], column[column.Count - 1]));
        }
    }

    public byte[] Leaf(long index) => _levels[0][Within(index, Size)];

    /// <summary>The root of the tree's first <paramref name="size"/> leaves.</summary>
    public byte[] Root(long size) => size == 0 ? TreeHash.Empty() : Hash(0, Within(size, Size + 1));

    /// <summary>RFC 9162 §2.1.3.1: the audit path from leaf <paramref name="index"/> to the root of the first <paramref name="size"/> leaves.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        Within(size, Size + 1);
        if (index < 0 || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"not a leaf of a tree of {size}");
        var path = new List<byte[]>();
        Path(index, 0, size, path);
        return path;
    }

    /// <summary>RFC 9162 §2.1.4.1: the proof that the first <paramref name="size2"/> leaves extend the first <paramref name="size1"/>.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        Within(size2, Size + 1);
        if (size1 < 0 || size1 > size2)
            throw new ArgumentOutOfRangeException(nameof(size1), size1, $"not a size up to {size2}");
        var proof = new List<byte[]>();
        if (size1 > 0 && size1 < size2)
            SubProof(size1, 0, size2, true, proof);
        return proof;
    }

    /// <summary>
    /// The C2SP tlog-tiles tile at <paramref name="level"/>, index <paramref name="index"/>, <paramref name="width"/>
    /// hashes wide: each the root of a full run of 256^level leaves.
    /// </summary>
    public byte[] Tile(int level, long index, int width)
    {
        if (width is < 1 or > Tiles.Width)
            throw new ArgumentOutOfRangeException(nameof(width), width, "a tile is 1 to 256 hashes wide");
        var height = level * Tiles.Height;
        var first = index * Tiles.Width;
        if (level < 0 || height >= _levels.Count || first + width > _levels[height].Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, "the tree has no such tile yet");
        var tile = new byte[width * TreeHash.Size];
        for (var i = 0; i < width; i++)
            _levels[height][first + i].CopyTo(tile, i * TreeHash.Size);
        return tile;
    }

    // MTH(D[start:end]) for a range the RFC's recursion reaches: a full subtree is read, anything else split.
    private byte[] Hash(long start, long end)
    {
        var n = end - start;
        if ((n & (n - 1)) == 0 && start % n == 0)
            return _levels[System.Numerics.BitOperations.Log2((ulong)n)][start / n];
        var k = TreeHash.Split(n);
        return TreeHash.Node(Hash(start, start + k), Hash(start + k, end));
    }

    private void Path(long index, long start, long end, List<byte[]> path)
    {
        var n = end - start;
        if (n == 1)
            return;
        var k = TreeHash.Split(n);
        if (index - start < k)
        {
            Path(index, start, start + k, path);
            path.Add(Hash(start + k, end));
        }
        else
        {
            Path(index, start + k, end, path);
            path.Add(Hash(start, start + k));
        }
    }

    private void SubProof(long m, long start, long end, bool whole, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!whole)
                proof.Add(Hash(start, end));
            return;
        }
        var k = TreeHash.Split(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, whole, proof);
            proof.Add(Hash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, false, proof);
            proof.Add(Hash(start, start + k));
        }
    }

    private static long Within(long value, long limit) =>
        value >= 0 && value < limit ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"the tree holds {limit - 1} leaves");

    /// <summary>One level's hashes, packed end to end: a million leaves are 32 MB, not a million arrays.</summary>
    private sealed class HashColumn
    {
        private byte[] _bytes = new byte[64 * TreeHash.Size];

        public long Count { get; private set; }

        public byte[] this[long i] => _bytes.AsSpan((int)(i * TreeHash.Size), TreeHash.Size).ToArray();

        public void Add(ReadOnlySpan<byte> hash)
        {
            if ((Count + 1) * TreeHash.Size > _bytes.Length)
                Array.Resize(ref _bytes, _bytes.Length * 2);
            hash.CopyTo(_bytes.AsSpan((int)(Count * TreeHash.Size)));
            Count++;
        }
    }
}
