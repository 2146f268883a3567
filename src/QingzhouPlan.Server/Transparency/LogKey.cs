using Microsoft.Extensions.Options;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>
/// The log's Ed25519 key, read from a file outside PostgreSQL. It signs each checkpoint (note signature type
/// 0x01) and dates it by cosigning it (type 0x04, C2SP tlog-cosignature), both under the log's origin.
/// </summary>
public sealed class LogKey : IDisposable
{
    public LogKey(IOptions<TransparencyOptions> options, IHostEnvironment environment, ILogger<LogKey> logger)
    {
        var origin = options.Value.Origin;
        var path = Path.Combine(environment.ContentRootPath, options.Value.KeyFile);
        if (!File.Exists(path))
            Make(path, origin, logger);
        Signer = NoteSigner.Parse(File.ReadAllText(path));
        if (Signer.Name != origin)
            throw new InvalidOperationException($"the log key in {path} is named {Signer.Name}, but Transparency:Origin is {origin}");
        Dater = Signer.As(NoteVerifier.Cosignature);
    }

    public NoteSigner Signer { get; }

    // Written aside and moved into place: silos starting together keep whichever key landed first, all the same one.
    private static void Make(string path, string origin, ILogger logger)
    {
        using var made = NoteSigner.Generate(origin, NoteVerifier.Ed25519);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var aside = $"{path}.{Guid.NewGuid():N}";
        File.WriteAllText(aside, made.Encoded + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(aside, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(aside, path, overwrite: false);
            logger.LogWarning("Made a new transparency log key in {Path}: keep it, and publish its verifier key {Key}", path, made.Verifier);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(aside);
        }
    }

    public NoteSigner Dater { get; }

    public string Origin => Signer.Name;

    /// <summary>A checkpoint signed and dated by the log.</summary>
    public SignedNote Sign(Checkpoint checkpoint, DateTimeOffset time) =>
        new(checkpoint.Text, [Signer.Sign(checkpoint.Text), Dater.Cosign(checkpoint.Text, time)]);

    public void Dispose()
    {
        Signer.Dispose();
        Dater.Dispose();
    }
}
