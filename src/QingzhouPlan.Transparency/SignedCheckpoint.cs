using System.Security.Cryptography;

namespace QingzhouPlan.Transparency;

/// <summary>
/// A checkpoint as a reader may believe it: of the log named by the key, signed by it (type 0x01), and — when the
/// log dated it — with the time of its own cosignature (type 0x04, the same key). One rule for the server's
/// verification and the offline verifier.
/// </summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, DateTimeOffset? Time, SignedNote Note)
{
    /// <summary>Opens a note with the log's key; a <see cref="FormatException"/> or <see cref="CryptographicException"/> says why not.</summary>
    public static SignedCheckpoint Open(string note, NoteVerifier logKey)
    {
        var signed = SignedNote.Parse(note);
        if (logKey.Type != NoteVerifier.Ed25519)
            throw new FormatException("a log's key signs with type 0x01");
        if (logKey.Check(signed) is null)
            throw new CryptographicException($"the note carries no signature of the log's key {logKey.Name}");
        var checkpoint = Checkpoint.Parse(signed.Text);
        if (checkpoint.Origin != logKey.Name)
            throw new FormatException($"the checkpoint is of the log {checkpoint.Origin}, not {logKey.Name}");
        return new SignedCheckpoint(checkpoint, (logKey with { Type = NoteVerifier.Cosignature }).Check(signed)?.Time, signed);
    }
}
