using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Verifier;

/// <summary>
/// A C2SP tlog-witness for one log: it cosigns a checkpoint only if it extends the last one it cosigned (by the
/// consistency proof the log sends), keeps that checkpoint in its folder before answering, and never goes back.
/// Run by someone other than the log's operator, with a key of their own.
/// </summary>
public sealed class Witness
{
    // A request is an old size, at most 63 proof lines and a checkpoint with its signatures: a few KiB.
    private const int MaxRequestBytes = 128 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly NoteSigner key;
    private readonly LogKeys log;
    private readonly string folder;

    public Witness(NoteSigner key, LogKeys log, string folder)
    {
        if (key.Verifier.Type != NoteVerifier.Cosignature)
            throw new FormatException("a witness's key is a cosigner key (keygen --cosigner)");
        (this.key, this.log, this.folder) = (key, log, folder);
    }

    private string Latest => Path.Combine(folder, "latest-checkpoint");

    public async Task Serve(string prefix, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        using var listener = new HttpListener();
        listener.Prefixes.Add(prefix.TrimEnd('/') + "/");
        listener.Start();
        Console.WriteLine($"见证人 {key.Name} 在 {prefix} 为日志 {log.Signer.Name} 共同签名（公钥 {key.Verifier}）");
        using var stop = cancellationToken.Register(listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (HttpListenerException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => Answer(context), cancellationToken);
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        (int, string, string) answer;
        try
        {
            answer = context.Request.HttpMethod != "POST" || !context.Request.Url!.AbsolutePath.EndsWith("/add-checkpoint", StringComparison.Ordinal)
                ? (404, "not found\n", "text/plain")
                : await Body(context.Request) is { } request ? await AddCheckpoint(request) : (413, "too large\n", "text/plain");
        }
        catch (Exception ex) when (ex is IOException or HttpListenerException or FormatException)
        {
            answer = (500, "the witness could not answer\n", "text/plain");
        }
        var (status, body, type) = answer;
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static async Task<string?> Body(HttpListenerRequest request)
    {
        var buffer = new byte[MaxRequestBytes + 1];
        var read = 0;
        for (int n; read < buffer.Length && (n = await request.InputStream.ReadAsync(buffer.AsMemory(read))) > 0;)
            read += n;
        return read > MaxRequestBytes ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>The add-checkpoint call: (status, body, content type), as C2SP tlog-witness specifies them.</summary>
    public async Task<(int Status, string Body, string Type)> AddCheckpoint(string request)
    {
        var split = request.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? [] : request[..split].Split('\n');
        if (head.Length == 0 || !head[0].StartsWith("old ", StringComparison.Ordinal)
            || !long.TryParse(head[0][4..], NumberStyles.None, CultureInfo.InvariantCulture, out var old) || head.Length > 64)
            return (400, "the body starts with \"old <size>\", proof lines and a blank line\n", "text/plain");
        SignedNote note;
        Checkpoint checkpoint;
        List<byte[]> proof;
        try
        {
            note = SignedNote.Parse(request[(split + 2)..]);
            checkpoint = Checkpoint.Parse(note.Text);
            proof = head[1..].Select(Convert.FromBase64String).ToList();
        }
        catch (FormatException ex)
        {
            return (400, ex.Message + "\n", "text/plain");
        }
        if (checkpoint.Origin != log.Signer.Name)
            return (404, "unknown log\n", "text/plain");
        try
        {
            if (log.Signer.Check(note) is null)
                return (403, "no signature of the log's key\n", "text/plain");
        }
        catch (CryptographicException)
        {
            return (403, "the log's signature does not verify\n", "text/plain");
        }
        if (old > checkpoint.Size)
            return (400, "old size beyond the checkpoint\n", "text/plain");

        await _gate.WaitAsync();
        try
        {
            var latest = File.Exists(Latest) ? Checkpoint.Parse(SignedNote.Parse(await File.ReadAllTextAsync(Latest)).Text) : null;
            var size = latest?.Size ?? 0;
            if (old != size)
                return (409, $"{size}\n", "text/x.tlog.size");
            if (latest is null ? proof.Count > 0 : Proofs.ConsistencyFailure(latest.Size, checkpoint.Size, latest.Root, checkpoint.Root, proof) is not null)
                return (422, "the checkpoint does not extend the last one this witness cosigned\n", "text/plain");
            var cosignature = key.Cosign(note.Text, DateTimeOffset.UtcNow);
            // Kept before answering, so that a witness restarted never cosigns an older tree.
            var keptNote = note.With([cosignature]).ToString();
            await using (var file = new FileStream(Latest + ".new", FileMode.Create, FileAccess.Write))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(keptNote));
                file.Flush(flushToDisk: true);
            }
            File.Move(Latest + ".new", Latest, overwrite: true);
            await File.AppendAllTextAsync(Path.Combine(folder, "cosigned"), keptNote + "\n");
            return (200, cosignature.Line, "text/plain");
        }
        finally
        {
            _gate.Release();
        }
    }
}
