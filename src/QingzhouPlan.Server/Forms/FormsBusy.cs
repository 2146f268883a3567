namespace QingzhouPlan.Server.Forms;

/// <summary>No turn to read a file (or start an import) came in time: answered 429 with Retry-After.</summary>
public sealed class FormsBusy(string message) : Exception(message)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
}
