namespace QingzhouPlan.Server.Forms;

/// <summary>
/// How large a form may be, and how much of the server reading forms may take (Forms section of
/// configuration). The upload route has its own body limit; the 64 KiB limit of the JSON routes stays.
/// An xlsx is a zip, so what it unpacks to, and what its sheets hold, are bounded separately.
/// </summary>
public sealed class FormLimits
{
    public long MaxUploadBytes { get; set; } = 8 * 1024 * 1024;

    public int MaxEntries { get; set; } = 500;

    public long MaxUnpackedBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Data rows below the headings of a sheet.</summary>
    public int MaxRows { get; set; } = 20_000;

    /// <summary>Cells that hold something, over the sheets read (a 20,000-row form fills about 200,000).</summary>
    public int MaxCells { get; set; } = 400_000;

    public int MaxSharedStrings { get; set; } = 250_000;

    public int MaxMerges { get; set; } = 5_000;

    /// <summary>How long reading one file may take before it is given up.</summary>
    public TimeSpan ReadTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Files read at once on this server; more wait their turn.</summary>
    public int ConcurrentReads { get; set; } = 2;

    /// <summary>Imports running in the background (Prefer: respond-async) per user, and on this server.</summary>
    public int JobsPerUser { get; set; } = 2;

    public int Jobs { get; set; } = 8;
}
