using Npgsql;

namespace QingzhouPlan.Server.Transparency;

/// <summary>The log's tables are read and written with plain Npgsql (bytea rows, advisory locks), on the store's connections.</summary>
internal static class Connections
{
    public static async Task<NpgsqlConnection> OpenedAsync(this NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
