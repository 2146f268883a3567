namespace QingzhouPlan.Transparency;

/// <summary>One signature of a note: the signer's name and key ID, and what its algorithm signed.</summary>
public sealed record NoteSignature(string Name, uint KeyId, byte[] Bytes)
{
    /// <summary>What starts a signature line: an em dash and a space.</summary>
    public const string Dash = "\u2014 ";

    public string Line
    {
        get
        {
            var encoded = new byte[4 + Bytes.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(encoded, KeyId);
            Bytes.CopyTo(encoded, 4);
            return $"{Dash}{Name} {Convert.ToBase64String(encoded)}\n";
        }
    }
}
