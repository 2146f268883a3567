namespace QingzhouPlan.Transparency;

/// <summary>A hash written in base64, as notes and entries write them: exactly 32 bytes, padded, in its one spelling.</summary>
internal static class Base64
{
    public static byte[]? Hash(string text)
    {
        var bytes = new byte[TreeHash.Size];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == TreeHash.Size && text.Length == 44 ? bytes : null;
    }
}
