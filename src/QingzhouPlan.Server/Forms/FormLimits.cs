namespace QingzhouPlan.Server.Forms;

/// <summary>
/// How large a form may be (Forms section of configuration). The upload route has its own body limit; the
/// 64 KiB limit of the JSON routes stays. An xlsx is a zip, so what it unpacks to is bounded separately.
/// </summary>
public sealed class FormLimits
{
    public long MaxUploadBytes { get; set; } = 8 * 1024 * 1024;

    public int MaxEntries { get; set; } = 500;

    public long MaxUnpackedBytes { get; set; } = 64 * 1024 * 1024;

    public int MaxRows { get; set; } = 20_000;
}
