namespace QingzhouPlan.Benchmarks;

/// <summary>Removes what a phase's server processes left: their PostgreSQL schema and InfluxDB database.</summary>
public static class Schemas
{
    public static async Task Drop(string connection, string influx, string schema)
    {
        await using var pg = new Npgsql.NpgsqlConnection(connection);
        await pg.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", pg);
        await drop.ExecuteNonQueryAsync();
        using var http = new HttpClient();
        await http.PostAsync($"{influx}/query?q={Uri.EscapeDataString($"DROP DATABASE \"{schema}\"")}", null);
    }
}
