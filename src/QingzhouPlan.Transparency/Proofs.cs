namespace QingzhouPlan.Transparency;

/// <summary>
/// Checks RFC 9162 proofs (§2.1.3.2 inclusion, §2.1.4.2 consistency). Each check answers null when the proof
/// holds, or says why it does not, so a verifier can name what failed.
/// </summary>
public static class Proofs
{
    public static string? InclusionFailure(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size)
            return $"leaf {index} is not in a tree of {size} leaves";
        if (leafHash.Length != TreeHash.Size || root.Length != TreeHash.Size || proof.Any(p => p.Length != TreeHash.Size))
            return "a hash is not 32 bytes";
        long fn = index, sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
                return "the proof is longer than the tree is deep";
            if ((fn & 1) == 1 || fn == sn)
            {
                r = TreeHash.Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
                r = TreeHash.Node(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
            return "the proof is shorter than the tree is deep";
        return r.AsSpan().SequenceEqual(root) ? null : "the proof leads to another root";
    }

    public static string? ConsistencyFailure(long size1, long size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof)
    {
        if (size1 < 0 || size2 < size1)
            return $"a tree of {size2} leaves cannot extend one of {size1}";
        // The empty tree is a prefix of every tree: there is nothing to prove, and a caller asking has a bug.
        if (size1 == 0)
            return "a proof from the empty tree proves nothing";
        if (size1 == size2)
            return proof.Count > 0 ? "trees of the same size need no proof"
                : root1.SequenceEqual(root2) ? null : "two trees of the same size have different roots";
        if (root1.Length != TreeHash.Size || root2.Length != TreeHash.Size || proof.Any(p => p.Length != TreeHash.Size))
            return "a hash is not 32 bytes";
        if (proof.Count == 0)
            return "the proof is empty";

        var path = new List<byte[]>(proof.Count + 1);
        if ((size1 & (size1 - 1)) == 0)
            path.Add(root1.ToArray());
        path.AddRange(proof);
        long fn = size1 - 1, sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
                return "the proof is longer than the tree is deep";
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = TreeHash.Node(c, fr);
                sr = TreeHash.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
                sr = TreeHash.Node(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
            return "the proof is shorter than the tree is deep";
        if (!fr.AsSpan().SequenceEqual(root1))
            return $"the proof does not lead to the root of the tree of {size1} leaves";
        return sr.AsSpan().SequenceEqual(root2) ? null : $"the proof does not lead to the root of the tree of {size2} leaves";
    }
}
