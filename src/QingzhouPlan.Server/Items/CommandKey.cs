using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace QingzhouPlan.Server.Items;

/// <summary>
/// A client's retry key for a command (the Idempotency-Key header) with a fingerprint of the command it
/// named. Kept as headers of the events the command appended, so a retry after a timeout — even after a
/// restart — answers the first result, and the same key for a different command is a conflict.
/// </summary>
[GenerateSerializer, Immutable, Alias("CommandKey")]
public sealed record CommandKey([property: Id(0)] string Key, [property: Id(1)] string Fingerprint)
{
    public const string Header = "Idempotency-Key";
    public const string KeyHeader = "command-key";
    public const string FingerprintHeader = "command-fingerprint";
    private const string ContextKey = "qz-idempotency-key";

    public static CommandKey For(string key, string operation, object command) =>
        new(key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + JsonSerializer.Serialize(command, command.GetType())))));

    /// <summary>The key the HTTP layer put in the call's context, if any, bound to this command.</summary>
    public static CommandKey? FromContext(string operation, object command) =>
        RequestContext.Get(ContextKey) is string key ? For(key, operation, command) : null;

    /// <summary>Carries the client's key with the next grain call from this request.</summary>
    public static void PutInContext(string? key)
    {
        if (key is null)
            RequestContext.Remove(ContextKey);
        else
            RequestContext.Set(ContextKey, key);
    }

    /// <summary>The problem with a header value, or null when it is a usable key (1–100 visible ASCII characters).</summary>
    public static string? Check(string key) =>
        key.Length is >= 1 and <= 100 && key.All(c => c is > ' ' and <= '~') ? null : "1–100 visible ASCII characters";
}
