using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace QingzhouPlan.Transparency;

/// <summary>
/// A public key that checks note signatures: type 0x01 (Ed25519, the log's checkpoints) or 0x04 (timestamped
/// Ed25519 cosignatures, C2SP tlog-cosignature). Written as a verifier key: <c>name+keyid+base64(type ‖ key)</c>.
/// </summary>
public sealed record NoteVerifier(string Name, byte Type, byte[] PublicKey)
{
    public const byte Ed25519 = 0x01;
    public const byte Cosignature = 0x04;

    public uint KeyId => KeyIdOf(Name, Type, PublicKey);

    public override string ToString() =>
        $"{Name}+{KeyId:x8}+{Convert.ToBase64String([Type, .. PublicKey])}";

    public static NoteVerifier Parse(string encoded)
    {
        if (encoded.Trim().Split('+', 3) is not [var name, var id, var key] || name.Length == 0)
            throw new FormatException("a verifier key is name+keyid+base64 key");
        var bytes = Convert.FromBase64String(key);
        if (bytes.Length != 33 || bytes[0] is not (Ed25519 or Cosignature))
            throw new FormatException("a verifier key holds an Ed25519 key of type 0x01 or 0x04");
        var verifier = new NoteVerifier(name, bytes[0], bytes[1..]);
        if (!uint.TryParse(id, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var keyId) || keyId != verifier.KeyId)
            throw new FormatException("a verifier key's ID does not match its name and key");
        return verifier;
    }

    /// <summary>C2SP signed-note: the first four bytes of SHA-256(name ‖ '\n' ‖ type ‖ public key).</summary>
    public static uint KeyIdOf(string name, byte type, byte[] publicKey) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(name), (byte)'\n', type, .. publicKey]));

    /// <summary>
    /// The signature of this key on the note that verifies: for a cosignature, with its time. Null if the note
    /// carries none. A signature that claims this key but fails is an error, as C2SP asks.
    /// </summary>
    public Verified? Check(SignedNote note)
    {
        var mine = note.Signatures.Where(s => s.Name == Name && s.KeyId == KeyId).ToList();
        if (mine.Count == 0)
            return null;
        var key = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, PublicKey, KeyBlobFormat.RawPublicKey);
        Verified? verified = null;
        foreach (var signature in mine)
        {
            // A cosignature is a timestamp and a signature (72 bytes); a plain one, the signature alone (64).
            if (signature.Bytes.Length != (Type == Cosignature ? 72 : 64))
                throw new CryptographicException($"the signature of {Name} on this note is not {(Type == Cosignature ? 72 : 64)} bytes");
            var (message, bytes, time) = Type == Cosignature
                ? (NoteSigner.CosignedMessage(note.Text, BinaryPrimitives.ReadUInt64BigEndian(signature.Bytes)), signature.Bytes[8..], (long?)BinaryPrimitives.ReadInt64BigEndian(signature.Bytes))
                : (Encoding.UTF8.GetBytes(note.Text), signature.Bytes, null);
            if (!SignatureAlgorithm.Ed25519.Verify(key, message, bytes))
                throw new CryptographicException($"the signature of {Name} on this note does not verify");
            verified = new Verified(this, time is { } t ? DateTimeOffset.FromUnixTimeSeconds(t) : null);
        }
        return verified;
    }

    /// <summary>A signature that verified, and for a cosignature the time its signer put on it.</summary>
    public sealed record Verified(NoteVerifier Key, DateTimeOffset? Time);

    public bool Equals(NoteVerifier? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
