using Npgsql;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// The schema and InfluxDB database that server processes of one test share (each process is told its name),
/// with the signing key their tokens use; dropped when the test ends.
/// </summary>
public sealed class ProcessStore(string prefix) : IAsyncDisposable
{
    public string Schema { get; } = $"t_{prefix}_{Guid.NewGuid():N}"[..18];

    public string SigningKey { get; } = $"{prefix}-key-{Guid.NewGuid():N}-{Guid.NewGuid():N}";

    public Task<ServerProcess> Start(IReadOnlyDictionary<string, string>? settings = null, ServerProcess.SiloPorts? ports = null, string listenOn = "127.0.0.1") =>
        ServerProcess.Start(Schema, SigningKey, settings, ports, listenOn: listenOn);

    public InfluxQuery Influx => new(ServiceEndpoints.InfluxUrl, Schema);

    public async Task<long> Scalar(string sql) => Convert.ToInt64(await Value(sql));

    /// <summary>The first column of the first row, as text ("" for none): for a finding to show in a message.</summary>
    public async Task<string> Text(string sql) => Convert.ToString(await Value(sql)) ?? "";

    private async Task<object?> Value(string sql)
    {
        await using var connection = new NpgsqlConnection(ServiceEndpoints.PostgreSql);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(sql.Replace("{schema}", Schema), connection);
        return await query.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Influx.DropDatabase();
        await Scalar($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        // A cluster's membership table in Redis is named by its cluster id, which is the schema.
        try
        {
            await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{ServiceEndpoints.Redis},connectTimeout=2000");
            await redis.GetDatabase().KeyDeleteAsync($"qingzhouplan/members/{Schema}");
        }
        catch (StackExchange.Redis.RedisConnectionException)
        {
            // No Redis: the test ran no cluster.
        }
    }
}
