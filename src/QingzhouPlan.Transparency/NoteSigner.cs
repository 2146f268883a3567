using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace QingzhouPlan.Transparency;

/// <summary>
/// A private Ed25519 key that signs notes under a name. Kept as a signer key,
/// <c>PRIVATE+KEY+name+keyid+base64(type ‖ seed)</c>, in a file that never enters the database.
/// </summary>
public sealed class NoteSigner : IDisposable
{
    // A ref struct, so a property rather than a field: keys here are exported to their files.
    private static KeyCreationParameters Exportable => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };

    private readonly Key _key;

    private NoteSigner(string name, byte type, Key key)
    {
        _key = key;
        Verifier = new NoteVerifier(name, type, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public NoteVerifier Verifier { get; }

    public string Name => Verifier.Name;

    public static NoteSigner Generate(string name, byte type) =>
        new(ValidName(name), type, Key.Create(SignatureAlgorithm.Ed25519, Exportable));

    public static NoteSigner Parse(string encoded)
    {
        if (encoded.Trim().Split('+', 5) is not ["PRIVATE", "KEY", var name, var id, var key])
            throw new FormatException("a signer key is PRIVATE+KEY+name+keyid+base64 seed");
        var bytes = Convert.FromBase64String(key);
        if (bytes.Length != 33 || bytes[0] is not (NoteVerifier.Ed25519 or NoteVerifier.Cosignature))
            throw new FormatException("a signer key holds an Ed25519 seed of type 0x01 or 0x04");
        var signer = new NoteSigner(ValidName(name), bytes[0], Key.Import(SignatureAlgorithm.Ed25519, bytes[1..], KeyBlobFormat.RawPrivateKey, Exportable));
        if (id != $"{signer.Verifier.KeyId:x8}")
        {
            signer.Dispose();
            throw new FormatException("a signer key's ID does not match its name and key");
        }
        return signer;
    }

    /// <summary>The same key under another signature type: a log signs its checkpoints (0x01) and dates them by cosigning (0x04).</summary>
    public NoteSigner As(byte type) =>
        new(Name, type, Key.Import(SignatureAlgorithm.Ed25519, _key.Export(KeyBlobFormat.RawPrivateKey), KeyBlobFormat.RawPrivateKey, Exportable));

    public string Encoded =>
        $"PRIVATE+KEY+{Name}+{Verifier.KeyId:x8}+{Convert.ToBase64String([Verifier.Type, .. _key.Export(KeyBlobFormat.RawPrivateKey)])}";

    /// <summary>A plain Ed25519 note signature (type 0x01).</summary>
    public NoteSignature Sign(string text) =>
        Verifier.Type == NoteVerifier.Ed25519
            ? new(Name, Verifier.KeyId, SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(text)))
            : throw new InvalidOperationException("a cosigner's key cosigns checkpoints");

    /// <summary>A C2SP tlog-cosignature/v1 on a checkpoint: the statement that at <paramref name="time"/> the signer saw this tree.</summary>
    public NoteSignature Cosign(string checkpointText, DateTimeOffset time)
    {
        if (Verifier.Type != NoteVerifier.Cosignature)
            throw new InvalidOperationException("only a cosigner's key (type 0x04) cosigns");
        var seconds = (ulong)time.ToUnixTimeSeconds();
        var bytes = new byte[72];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, seconds);
        SignatureAlgorithm.Ed25519.Sign(_key, CosignedMessage(checkpointText, seconds), bytes.AsSpan(8));
        return new(Name, Verifier.KeyId, bytes);
    }

    internal static byte[] CosignedMessage(string checkpointText, ulong seconds) =>
        Encoding.UTF8.GetBytes($"cosignature/v1\ntime {seconds.ToString(CultureInfo.InvariantCulture)}\n{checkpointText}");

    private static string ValidName(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c == '+') ? name : throw new FormatException("a key name is one word without '+'");

    public void Dispose() => _key.Dispose();
}
