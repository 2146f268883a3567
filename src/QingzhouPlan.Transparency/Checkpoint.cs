using System.Globalization;

namespace QingzhouPlan.Transparency;

/// <summary>
/// A C2SP tlog-checkpoint's text: the log's origin, its size and its root. It carries no time; the log dates
/// each checkpoint by cosigning it itself (<see cref="NoteSigner.Cosign"/>), and witnesses date it again.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] Root)
{
    public string Text => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";

    /// <summary>Reads a checkpoint's text; extension lines are refused, as this log writes none and cannot audit them.</summary>
    public static Checkpoint Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines is not [var origin, var size, var root, ""])
            throw new FormatException("a checkpoint is three lines: origin, size and root hash");
        if (origin.Length == 0 || origin.Any(c => char.IsWhiteSpace(c) || c == '+'))
            throw new FormatException("a checkpoint's origin is one word");
        if (!long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || size != n.ToString(CultureInfo.InvariantCulture))
            throw new FormatException("a checkpoint's size is a decimal number without leading zeroes");
        var hash = Base64.Hash(root) ?? throw new FormatException("a checkpoint's root is a base64 SHA-256 hash");
        return new Checkpoint(origin, n, hash);
    }

    public bool Equals(Checkpoint? other) =>
        other is not null && Origin == other.Origin && Size == other.Size && Root.AsSpan().SequenceEqual(other.Root);

    public override int GetHashCode() => HashCode.Combine(Origin, Size);
}
