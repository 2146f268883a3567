using System.Numerics;
using System.Security.Cryptography;

namespace QingzhouPlan.Transparency;

/// <summary>
/// RFC 9162 §2.1.1 hashing. A leaf and an interior node are hashed under different prefixes (0x00, 0x01), so
/// no leaf can pose as a node and a proof cannot be stretched or shortened.
/// </summary>
public static class TreeHash
{
    public const int Size = 32;

    /// <summary>The root of the tree with no leaves: the hash of the empty string.</summary>
    public static byte[] Empty() => SHA256.HashData([]);

    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        var buffer = new byte[entry.Length + 1];
        entry.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Size];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n &gt; 1): where RFC 9162 splits a tree of n leaves.</summary>
    public static long Split(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));
}
