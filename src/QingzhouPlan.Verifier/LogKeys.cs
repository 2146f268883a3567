using System.Security.Cryptography;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Verifier;

/// <summary>The log's public key as the auditor configured it, and what it says about a checkpoint.</summary>
public sealed record LogKeys(NoteVerifier Signer)
{
    /// <summary>A key given as text or as a file holding it.</summary>
    public static LogKeys From(string keyOrFile) =>
        new(NoteVerifier.Parse(File.Exists(keyOrFile) ? File.ReadAllText(keyOrFile) : keyOrFile));

    /// <summary>The checkpoint a note signs, and the time the log dated it; or why it cannot be believed.</summary>
    public (Checkpoint? Checkpoint, DateTimeOffset? Time, string? Problem) Read(string note)
    {
        try
        {
            var signed = SignedCheckpoint.Open(note, Signer);
            return (signed.Checkpoint, signed.Time, null);
        }
        catch (CryptographicException)
        {
            return (null, null, $"检查点没有日志密钥 {Signer.Name} 的有效签名");
        }
        catch (FormatException)
        {
            return (null, null, $"检查点格式有误，或不属于日志 {Signer.Name}");
        }
    }
}
