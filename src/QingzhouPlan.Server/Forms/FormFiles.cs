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
