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
public sealed class Witness(NoteSigner key, LogKeys log, string folder)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

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
        var (status, body, type) = context.Request.HttpMethod == "POST" && context.Request.Url!.AbsolutePath.EndsWith("/add-checkpoint", StringComparison.Ordinal)
            ? await AddCheckpoint(await new StreamReader(context.Request.InputStream, Encoding.UTF8).ReadToEndAsync())
            : (404, "not found\n", "text/plain");
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
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
            await File.WriteAllTextAsync(Latest + ".new", keptNote);
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
