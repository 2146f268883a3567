using System.Text.Json;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Transparency.Tests;

/// <summary>The reference implementation's published vectors: each valid proof verifies, each mutation of one fails.</summary>
public sealed class ProofVectorTests
{
    public static TheoryData<string> Inclusion() => Names("inclusion");

    public static TheoryData<string> Consistency() => Names("consistency");

    [Theory]
    [MemberData(nameof(Inclusion))]
    public void Inclusion_vector(string name)
    {
        var v = Vector("inclusion", name);
        // An index below zero is written as its unsigned 64-bit form, out of a long's range: invalid by construction.
        if (!v.GetProperty("leafIdx").TryGetInt64(out var index))
        {
            v.GetProperty("wantErr").GetBoolean().ShouldBeTrue(name);
            return;
        }
        var failure = Proofs.InclusionFailure(
            index, v.GetProperty("treeSize").GetInt64(),
            Bytes(v, "leafHash"), Hashes(v), Bytes(v, "root"));
        if (v.GetProperty("wantErr").GetBoolean())
            failure.ShouldNotBeNull(name);
        else
            failure.ShouldBeNull(name);
    }

    [Theory]
    [MemberData(nameof(Consistency))]
    public void Consistency_vector(string name)
    {
        var v = Vector("consistency", name);
        var failure = Proofs.ConsistencyFailure(
            v.GetProperty("size1").GetInt64(), v.GetProperty("size2").GetInt64(),
            Bytes(v, "root1"), Bytes(v, "root2"), Hashes(v));
        if (v.GetProperty("wantErr").GetBoolean())
            failure.ShouldNotBeNull(name);
        else
            failure.ShouldBeNull(name);
    }

    [Fact]
    public void The_vectors_hold_valid_and_invalid_proofs_of_both_kinds()
    {
        foreach (var kind in new[] { "inclusion", "consistency" })
        {
            var all = All(kind);
            all.Count(v => !v.GetProperty("wantErr").GetBoolean()).ShouldBeGreaterThan(0);
            all.Count(v => v.GetProperty("wantErr").GetBoolean()).ShouldBeGreaterThan(50);
        }
    }

    private static TheoryData<string> Names(string kind) => new(All(kind).Select(v => v.GetProperty("name").GetString()!));

    private static List<JsonElement> All(string kind) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", kind + ".json"))).RootElement.EnumerateArray().ToList();

    private static JsonElement Vector(string kind, string name) => All(kind).Single(v => v.GetProperty("name").GetString() == name);

    private static byte[] Bytes(JsonElement v, string property) =>
        v.GetProperty(property).ValueKind == JsonValueKind.Null ? [] : Convert.FromBase64String(v.GetProperty(property).GetString()!);

    private static List<byte[]> Hashes(JsonElement v) =>
        v.GetProperty("proof").ValueKind == JsonValueKind.Null ? [] : v.GetProperty("proof").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
}
