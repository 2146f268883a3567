namespace QingzhouPlan.Transparency;

/// <summary>
/// A C2SP signed note: a text ending in a newline, a blank line, and one line per signature
/// (<c>— name base64(key ID ‖ signature)</c>).
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{

    public override string ToString() => Text + "\n" + string.Concat(Signatures.Select(s => s.Line));

    public SignedNote With(IEnumerable<NoteSignature> more) =>
        this with { Signatures = [.. Signatures, .. more.Where(m => !Signatures.Any(s => s.Line == m.Line))] };

    public static SignedNote Parse(string note)
    {
        if (note.Length > 64 * 1024 || note.Any(c => c < ' ' && c != '\n'))
            throw new FormatException("a signed note is text of at most 64 KiB without control characters");
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n'))
            throw new FormatException("a signed note is a text, a blank line and signature lines");
        var signatures = ParseLines(note[(split + 2)..]);
        if (signatures.Count == 0)
            throw new FormatException("a signed note has at least one signature");
        return new SignedNote(note[..(split + 1)], signatures);
    }

    /// <summary>Signature lines alone, as a witness answers them.</summary>
    public static IReadOnlyList<NoteSignature> ParseLines(string lines)
    {
        var signatures = new List<NoteSignature>();
        foreach (var line in lines.Split('\n')[..^1])
        {
            if (!line.StartsWith(NoteSignature.Dash, StringComparison.Ordinal) || line[NoteSignature.Dash.Length..].Split(' ') is not [var name, var encoded] || name.Length == 0)
                throw new FormatException($"not a signature line: {line}");
            var bytes = new byte[encoded.Length];
            if (!Convert.TryFromBase64String(encoded, bytes, out var written) || written < 5)
                throw new FormatException($"a signature is base64 of a key ID and the signature: {line}");
            signatures.Add(new NoteSignature(name, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..written]));
        }
        if (!lines.EndsWith('\n') && lines.Length > 0)
            throw new FormatException("signature lines end in a newline");
        return signatures;
    }
}
