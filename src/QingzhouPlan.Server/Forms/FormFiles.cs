using Marten;
using Npgsql;

namespace QingzhouPlan.Server.Forms;

/// <summary>
/// Uploaded forms kept as they were received, addressed by their SHA-256: a second upload of the same file
/// stores nothing new. The file is written in the transaction that records its figures, so a figure never
/// names a file the store does not hold. A plain table rather than a document: the content is bytes.
/// </summary>
public sealed class FormFiles(IDocumentStore store, IConfiguration configuration) : IHostedService
{
    private string Table => $"{store.Options.Events.DatabaseSchemaName}.qz_form_files";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Marten"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (sha256 text PRIMARY KEY, content bytea NOT NULL, first_uploaded_by text NOT NULL, first_uploaded_at timestamptz NOT NULL)",
            connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Keep(IDocumentSession session, string sha256, byte[] content, string user, DateTimeOffset at) =>
        session.QueueSqlCommand(
            $"INSERT INTO {Table} (sha256, content, first_uploaded_by, first_uploaded_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
            sha256, content, user, at);

    /// <summary>
    /// Verification's part: each kept file hashed again, and each file an event names looked for. A file is read
    /// one at a time, so memory holds one upload, not all of them. What does not hold, in words.
    /// </summary>
    public async Task<IReadOnlyList<string>> Recheck(IReadOnlySet<string> named, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Marten"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT sha256, content FROM {Table} ORDER BY sha256", connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sha = reader.GetString(0);
            kept.Add(sha);
            await using var content = await reader.GetStreamAsync(1, cancellationToken);
            if (Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(content, cancellationToken)) != sha)
                problems.Add($"the form file kept as {sha} no longer has that SHA-256: it was altered");
        }
        problems.AddRange(named.Where(sha => !kept.Contains(sha)).Order(StringComparer.Ordinal)
            .Select(sha => $"events name the form file {sha}, which is no longer kept"));
        return problems;
    }

    public async Task<byte[]?> Find(string sha256, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Marten"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT content FROM {Table} WHERE sha256 = $1", connection)
        {
            Parameters = { new() { Value = sha256 } },
        };
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }
}
