using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using QingzhouPlan.Transparency;

namespace QingzhouPlan.Server.Transparency;

/// <summary>
/// Submits each new checkpoint to the configured witnesses (C2SP tlog-witness add-checkpoint: the size the
/// witness last cosigned, a consistency proof from it, the checkpoint) and keeps the cosignatures they return
/// beside the log's own signatures. A witness cosigns only a tree consistent with what it cosigned before,
/// so a log cannot show two witnesses two histories without their cosignatures proving it.
/// </summary>
public sealed class WitnessClient(IDocumentStore store, LogTree tree, IOptions<TransparencyOptions> options, ILogger<WitnessClient> logger) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<string, long> _cosigned = new(StringComparer.Ordinal);

    // Read once, at start: a witness written wrong stops the server from starting, not the log later.
    private readonly IReadOnlyList<(string Url, NoteVerifier Key)> _witnesses = options.Value.Witnesses.Select(Parse).ToList();

    public static (string Url, NoteVerifier Key) Parse(string witness) =>
        witness.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var url, var key]
            ? (url.TrimEnd('/'), NoteVerifier.Parse(key))
            : throw new FormatException($"a witness is \"url verifier-key\": {witness}");

    /// <summary>Gathers the witnesses' cosignatures on a checkpoint and stores them beside it; never throws.</summary>
    public async Task Submit(SignedNote note, CancellationToken cancellationToken)
    {
        try
        {
            await Gather(note, cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Witnesses' cosignatures were not kept: {Message}", ex.Message);
        }
    }

    private async Task Gather(SignedNote note, CancellationToken cancellationToken)
    {
        if (_witnesses.Count == 0)
            return;
        var checkpoint = QingzhouPlan.Transparency.Checkpoint.Parse(note.Text);
        var cosigned = note;
        foreach (var (url, key) in _witnesses)
        {
            try
            {
                if (await Cosignature(url, key, note, checkpoint, cancellationToken) is { } signatures)
                    cosigned = cosigned.With(signatures);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or FormatException or System.Security.Cryptography.CryptographicException)
            {
                logger.LogWarning("Witness {Url} did not cosign checkpoint {Size}: {Message}", url, checkpoint.Size, ex.Message);
            }
        }
        if (cosigned.Signatures.Count == note.Signatures.Count)
            return;
        await using var connection = await store.Storage.Database.CreateConnection().OpenedAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"update {LogTables.Name(store, LogTables.Checkpoints)} set note = $1 where size = $2", connection)
        { Parameters = { new() { Value = cosigned.ToString() }, new() { Value = checkpoint.Size } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<NoteSignature>?> Cosignature(string url, NoteVerifier key, SignedNote note, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        // A witness answers 409 with the size it last cosigned when ours is stale: one more try from there.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var old = _cosigned.GetValueOrDefault(url);
            if (old > checkpoint.Size)
                old = 0;
            var proof = await tree.Read(t => t.ConsistencyProof(old, checkpoint.Size), cancellationToken);
            var body = new StringBuilder($"old {old.ToString(CultureInfo.InvariantCulture)}\n");
            foreach (var hash in proof)
                body.Append(Convert.ToBase64String(hash)).Append('\n');
            body.Append('\n').Append(note);
            using var response = await _http.PostAsync($"{url}/add-checkpoint", new StringContent(body.ToString(), Encoding.UTF8, "text/plain"), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var known))
            {
                _cosigned[url] = known;
                continue;
            }
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"{(int)response.StatusCode} {text.Trim()}");
            var signatures = SignedNote.ParseLines(text).Where(s => s.Name == key.Name && s.KeyId == key.KeyId).ToList();
            // Kept only if it verifies against the key the operator configured for this witness.
            if (key.Check(note with { Signatures = signatures }) is null)
                throw new FormatException("the witness answered no cosignature of its configured key");
            _cosigned[url] = checkpoint.Size;
            return signatures;
        }
        return null;
    }

    public void Dispose() => _http.Dispose();
}
