using QingzhouPlan.Transparency;

namespace QingzhouPlan.Transparency.Tests;

public sealed class MerkleTreeTests
{
    // The reference implementation's leaf inputs and the roots of the trees of 1 to 8 of them (transparency-dev/merkle, testonly).
    private static readonly string[] Leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private static readonly string[] Roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void Roots_match_the_reference_implementation_at_every_size()
    {
        var tree = new MerkleTree();
        foreach (var leaf in Leaves)
            tree.Append(TreeHash.Leaf(Convert.FromHexString(leaf)));
        for (var size = 0; size <= Leaves.Length; size++)
            Convert.ToHexStringLower(tree.Root(size)).ShouldBe(Roots[size], $"size {size}");
    }

    [Fact]
    public void Every_inclusion_and_consistency_proof_it_gives_verifies_and_fails_for_another_leaf()
    {
        var tree = Tree(70);
        for (long size = 1; size <= 70; size++)
            for (long index = 0; index < size; index++)
            {
                var proof = tree.InclusionProof(index, size);
                Proofs.InclusionFailure(index, size, tree.Leaf(index), proof, tree.Root(size)).ShouldBeNull($"{index} in {size}");
                Proofs.InclusionFailure(index, size, tree.Leaf((index + 1) % 70), proof, tree.Root(size)).ShouldNotBeNull();
            }
        for (long size2 = 0; size2 <= 70; size2++)
            for (long size1 = 1; size1 <= size2; size1++)
            {
                var proof = tree.ConsistencyProof(size1, size2);
                Proofs.ConsistencyFailure(size1, size2, tree.Root(size1), tree.Root(size2), proof).ShouldBeNull($"{size1} to {size2}");
                if (size1 > 0 && size1 < size2)
                    Proofs.ConsistencyFailure(size1, size2, tree.Root(size1 - 1), tree.Root(size2), proof).ShouldNotBeNull();
            }
    }

    [Fact]
    public void A_tree_that_rewrites_a_leaf_is_not_consistent_with_the_one_before()
    {
        var honest = Tree(40);
        var forked = Tree(40, rewritten: 17);
        var proof = forked.ConsistencyProof(20, 40);
        Proofs.ConsistencyFailure(20, 40, honest.Root(20), forked.Root(40), proof).ShouldNotBeNull();
        Proofs.ConsistencyFailure(20, 40, forked.Root(20), forked.Root(40), proof).ShouldBeNull();
    }

    [Fact]
    public void Tiles_hold_the_hashes_of_full_subtrees_level_by_level()
    {
        // The C2SP example: 70,000 leaves are 273 full level-0 tiles and one of 112, one full level-1 tile and one
        // of 17, and a level-2 tile of 1.
        Tiles.At(0, 70_000).ShouldBe((273L, 112));
        Tiles.At(1, 70_000).ShouldBe((1L, 17));
        Tiles.At(2, 70_000).ShouldBe((0L, 1));

        var tree = Tree(256 * 3 + 5);
        tree.Tile(0, 1, 256).AsSpan(0, 32).ToArray().ShouldBe(tree.Leaf(256));
        // Each level-1 hash is the root of the full level-0 tile beneath it.
        var levelOne = tree.Tile(1, 0, 3);
        for (var i = 0; i < 3; i++)
            levelOne.AsSpan(i * 32, 32).ToArray().ShouldBe(SubtreeRoot(tree.Tile(0, i, 256)));
        Should.Throw<ArgumentOutOfRangeException>(() => tree.Tile(0, 3, 6));
    }

    [Theory]
    [InlineData(0L, 256, "tile/0/000")]
    [InlineData(1234067L, 256, "tile/0/x001/x234/067")]
    [InlineData(5L, 17, "tile/0/005.p/17")]
    public void Tile_paths_follow_the_specification(long index, int width, string path)
    {
        Tiles.Path(0, index, width).ShouldBe(path);
        Tiles.ParseIndex(path["tile/0/".Length..]).ShouldBe((index, width));
    }

    [Theory]
    [InlineData("1234067")]
    [InlineData("x001/234/067")]
    [InlineData("001/x234")]
    [InlineData("005.p/256")]
    [InlineData("005.p/07")]
    [InlineData("../etc")]
    [InlineData("x000/067")]
    [InlineData("x999/x999/x999/x999/x999/999")]
    public void Tile_paths_out_of_form_are_refused(string path) => Tiles.ParseIndex(path).ShouldBeNull();

    [Fact]
    public void Entry_bundles_round_trip()
    {
        byte[][] entries = [[], [1, 2, 3], new byte[300]];
        Tiles.Unbundle(Tiles.Bundle(entries)).ShouldBe(entries);
        Should.Throw<FormatException>(() => Tiles.Unbundle(Tiles.Bundle(entries)[..^1]));
    }

    private static MerkleTree Tree(int size, int rewritten = -1)
    {
        var tree = new MerkleTree();
        for (var i = 0; i < size; i++)
            tree.Append(TreeHash.Leaf(BitConverter.GetBytes(i == rewritten ? -i : i)));
        return tree;
    }

    private static byte[] SubtreeRoot(byte[] tile)
    {
        var level = Enumerable.Range(0, tile.Length / 32).Select(i => tile.AsSpan(i * 32, 32).ToArray()).ToList();
        while (level.Count > 1)
            level = Enumerable.Range(0, level.Count / 2).Select(i => TreeHash.Node(level[2 * i], level[2 * i + 1])).ToList();
        return level[0];
    }
}
