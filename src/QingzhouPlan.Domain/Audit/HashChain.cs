using System.Security.Cryptography;
using System.Text;

namespace QingzhouPlan.Domain.Audit;

/// <summary>
/// Tamper evidence: each event's link is SHA-256 over the previous link and the event's canonical
/// content (stream, version, sequence, type, recorded time to the millisecond, data as canonical JSON).
/// Altering, deleting or inserting an event in the database breaks the chain from that point.
/// </summary>
public static class HashChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Link(string previous, string stream, long version, long sequence, string type, DateTimeOffset recordedAt, string canonicalData)
    {
        var content = $"{previous}\n{stream}\n{version}\n{sequence}\n{type}\n{recordedAt.ToUnixTimeMilliseconds()}\n{canonicalData}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }
}
