using System.Security.Cryptography;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Verifier;

/// <summary>The log's public key as the auditor configured it, and what it says about a checkpoint.</summary>
public sealed record LogKeys(NoteVerifier Signer)
{
    /// <summary>The same key, as the log uses it to date its checkpoints (cosignature type 0x04).</summary>
    public NoteVerifier Dater => Signer with { Type = NoteVerifier.Cosignature };

    /// <summary>A key given as text or as a file holding it.</summary>
    public static LogKeys From(string keyOrFile) =>
        new(NoteVerifier.Parse(File.Exists(keyOrFile) ? File.ReadAllText(keyOrFile) : keyOrFile));

    /// <summary>The checkpoint a note signs, and the time the log dated it; or why it cannot be believed.</summary>
    public (Checkpoint? Checkpoint, DateTimeOffset? Time, string? Problem) Read(string note)
    {
        try
        {
            var signed = SignedNote.Parse(note);
            if (Signer.Check(signed) is null)
                return (null, null, $"检查点没有日志密钥 {Signer.Name} 的签名");
            var checkpoint = Checkpoint.Parse(signed.Text);
            if (checkpoint.Origin != Signer.Name)
                return (null, null, $"检查点属于日志 {checkpoint.Origin}，不是 {Signer.Name}");
            return (checkpoint, Dater.Check(signed)?.Time, null);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return (null, null, ex is CryptographicException ? "检查点的签名不成立" : "检查点格式有误");
        }
    }
}
