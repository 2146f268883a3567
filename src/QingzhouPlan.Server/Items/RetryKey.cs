using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// A client's retry key for a command (the Idempotency-Key header) with a fingerprint of what it named: the
/// operation's stable name (<see cref="Operations"/>) and the command. Kept as headers of the events the command
/// appended, so a retry after a timeout — even after a restart — answers the first result, and the same key for
/// a different command is a conflict. Keys belong to the user who sent them: another user's key is not theirs to replay.
/// </summary>
[GenerateSerializer, Immutable, Alias("RetryKey")]
public sealed record RetryKey([property: Id(0)] string Key, [property: Id(1)] string Fingerprint)
{
    public const string Header = "Idempotency-Key";
    public const string KeyHeader = "command-key";
    public const string FingerprintHeader = "command-fingerprint";

    public static RetryKey For(string key, string operation, object command) =>
        new(key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + JsonSerializer.Serialize(command, command.GetType())))));

    /// <summary>The key bound to this command, when the client sent one.</summary>
    public static RetryKey? Of(string? key, string operation, object command) => key is null ? null : For(key, operation, command);

    /// <summary>The problem with a header value, or null when it is a usable key (1–100 visible ASCII characters).</summary>
    public static string? Check(string key) =>
        key.Length is >= 1 and <= 100 && key.All(c => c is > ' ' and <= '~') ? null : "1–100 visible ASCII characters";
}
