using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace QingzhouPlan.Transparency;

/// <summary>
/// C2SP tlog-tiles: the tree served as immutable files of 256 hashes (or entries), so that a mirror needs
/// nothing but GETs and a cache. A tile's path is <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c>, entries'
/// <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>, with N in three-digit groups (1234067 → x001/x234/067).
/// </summary>
public static class Tiles
{
    public const int Height = 8;
    public const int Width = 1 << Height;

    /// <summary>Tiles of a tree of up to 2^63 leaves have indexes below this; and levels up to 7.</summary>
    public const long MaxIndex = long.MaxValue / Width - 1;

    public const int MaxLevel = 7;

    /// <summary>The path of a tile (level ≥ 0) or an entry bundle (level null).</summary>
    public static string Path(int? level, long index, int width)
    {
        var path = new StringBuilder("tile/").Append(level is { } l ? l.ToString(CultureInfo.InvariantCulture) : "entries").Append('/').Append(Index(index));
        return width == Width ? path.ToString() : path.Append(".p/").Append(width.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    public static string Index(long index)
    {
        var groups = new List<string> { (index % 1000).ToString("000", CultureInfo.InvariantCulture) };
        for (index /= 1000; index > 0; index /= 1000)
            groups.Insert(0, "x" + (index % 1000).ToString("000", CultureInfo.InvariantCulture));
        return string.Join('/', groups);
    }

    /// <summary>Reads "x001/x234/067" (and a trailing ".p/W"), or null for anything else: a path is untrusted input.</summary>
    public static (long Index, int Width)? ParseIndex(string path)
    {
        var width = Width;
        if (path.Split(".p/") is [var head, var tail])
        {
            if (!int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out width) || width is < 1 or >= Width || tail != width.ToString(CultureInfo.InvariantCulture))
                return null;
            path = head;
        }
        var groups = path.Split('/');
        // Indexes whose tiles cover at most 2^63 leaves; the one spelling of each (no leading x000 group).
        if (groups.Length > 6 || (groups.Length > 1 && groups[0] == "x000"))
            return null;
        long index = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            var group = i < groups.Length - 1 ? (groups[i].StartsWith('x') ? groups[i][1..] : "") : groups[i];
            if (group.Length != 3 || !group.All(char.IsAsciiDigit))
                return null;
            index = index * 1000 + int.Parse(group, CultureInfo.InvariantCulture);
        }
        return index <= MaxIndex ? (index, width) : null;
    }

    /// <summary>The tiles a tree of <paramref name="size"/> leaves has at a level: full ones, and the width of the partial one (0 if none).</summary>
    public static (long Full, int Partial) At(int level, long size)
    {
        if (level is < 0 or > MaxLevel)
            return (0, 0);
        var hashes = size >> (level * Height);
        return (hashes / Width, (int)(hashes % Width));
    }

    /// <summary>An entry bundle: each entry as a big-endian 16-bit length and its bytes.</summary>
    public static byte[] Bundle(IEnumerable<byte[]> entries)
    {
        var bundle = new List<byte>();
        Span<byte> length = stackalloc byte[2];
        foreach (var entry in entries)
        {
            if (entry.Length > ushort.MaxValue)
                throw new ArgumentException("an entry is at most 65,535 bytes", nameof(entries));
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)entry.Length);
            bundle.AddRange(length.ToArray());
            bundle.AddRange(entry);
        }
        return [.. bundle];
    }

    public static IReadOnlyList<byte[]> Unbundle(ReadOnlySpan<byte> bundle)
    {
        var entries = new List<byte[]>();
        while (bundle.Length > 0)
        {
            if (bundle.Length < 2)
                throw new FormatException("an entry bundle ends inside a length");
            var length = BinaryPrimitives.ReadUInt16BigEndian(bundle);
            if (bundle.Length < 2 + length)
                throw new FormatException("an entry bundle ends inside an entry");
            entries.Add(bundle.Slice(2, length).ToArray());
            bundle = bundle[(2 + length)..];
        }
        return entries;
    }
}
