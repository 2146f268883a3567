using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QingzhouPlan.Transparency;

/// <summary>
/// What one leaf of the log records about one event, as UTF-8 lines (docs/transparency-log.md gives it byte by
/// byte). The event's data enters as the SHA-256 of its canonical JSON, so an entry is small and fixed in form
/// whatever the event holds, and a figure is checked by hashing the data it is shown with. A backslash or a
/// control character in the stream, type or actor is written \xHH, so that every field stays on its line.
/// <code>
/// qingzhou-log-entry/v1
/// stream qingzhou-2024/GDP
/// version 3
/// type value_reported
/// time 1720742400000
/// actor li.wei
/// data 3q2+7w...=
/// </code>
/// </summary>
public sealed record LogEntry(string Stream, long Version, string Type, DateTimeOffset Time, string Actor, byte[] DataHash)
{
    public const string Header = "qingzhou-log-entry/v1";

    public static byte[] HashOf(string canonicalData) => SHA256.HashData(Encoding.UTF8.GetBytes(canonicalData));

    public byte[] Encode() => Encoding.UTF8.GetBytes(
        $"{Header}\nstream {Escaped(Stream)}\nversion {Version.ToString(CultureInfo.InvariantCulture)}\ntype {Escaped(Type)}\n" +
        $"time {Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}\nactor {Escaped(Actor)}\ndata {Convert.ToBase64String(DataHash)}\n");

    /// <summary>Reads an entry; anything but the one canonical encoding is a <see cref="FormatException"/>.</summary>
    public static LogEntry Decode(ReadOnlySpan<byte> entry)
    {
        var lines = Encoding.UTF8.GetString(entry).Split('\n');
        if (lines is not [Header, var stream, var version, var type, var time, var actor, var data, ""])
            throw new FormatException($"not a {Header} entry");
        if (!long.TryParse(Field(version, "version"), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !long.TryParse(Field(time, "time"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            throw new FormatException("an entry's version or time is not a number in range");
        var parsed = new LogEntry(
            Unescaped(Field(stream, "stream")),
            number,
            Unescaped(Field(type, "type")),
            DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
            actor == "actor " ? "" : Unescaped(Field(actor, "actor")),
            Base64.Hash(Field(data, "data")) ?? throw new FormatException("an entry's data is a base64 SHA-256 hash"));
        // Only one encoding of an entry is valid, so two readers cannot disagree about what a leaf says.
        return parsed.Encode().AsSpan().SequenceEqual(entry) ? parsed : throw new FormatException("an entry is not in its canonical form");
    }

    private static string Escaped(string text) =>
        text.Any(c => c < ' ' || c == '\\')
            ? string.Concat(text.Select(c => c < ' ' || c == '\\' ? $"\\x{(int)c:x2}" : c.ToString()))
            : text;

    private static string Unescaped(string text)
    {
        if (!text.Contains('\\'))
            return text;
        var plain = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
                plain.Append(text[i]);
            else if (i + 3 < text.Length && text[i + 1] == 'x' && int.TryParse(text.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                plain.Append((char)code);
                i += 3;
            }
            else
                throw new FormatException("an entry's field has a backslash that escapes nothing");
        }
        return plain.ToString();
    }

    private static string Field(string line, string name) =>
        line.StartsWith(name + " ", StringComparison.Ordinal) && line.Length > name.Length + 1 ? line[(name.Length + 1)..] : throw new FormatException($"an entry's line is not {name}");

    public bool Equals(LogEntry? other) => other is not null && Encode().AsSpan().SequenceEqual(other.Encode());

    public override int GetHashCode() => HashCode.Combine(Stream, Version);
}
