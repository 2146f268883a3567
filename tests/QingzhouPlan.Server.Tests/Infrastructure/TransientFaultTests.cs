using QingzhouPlan.Server.Infrastructure;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Infrastructure;

/// <summary>Which failures a client is told to resend (503 with Retry-After) and which are the server's own fault (500).</summary>
public sealed class TransientFaultTests
{
    [Fact]
    public void A_passing_fault_of_the_cluster_or_the_database_is_transient()
    {
        TransientFaultHandler.IsTransient(new Orleans.Runtime.SiloUnavailableException("declared dead")).ShouldBeTrue();
        TransientFaultHandler.IsTransient(new TimeoutException("no answer within the response timeout")).ShouldBeTrue();
        TransientFaultHandler.IsTransient(new InvalidOperationException("wrapped", new TimeoutException())).ShouldBeTrue();
        TransientFaultHandler.IsTransient(new AggregateException(new ArgumentException(), new Orleans.Runtime.SiloUnavailableException())).ShouldBeTrue();
        TransientFaultHandler.IsTransient(new Npgsql.PostgresException("terminating connection due to idle-in-transaction timeout", "FATAL", "FATAL",
            TransientFaultHandler.IdleInTransactionTimeout)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_prepared_statement_whose_table_another_process_altered_fails_once_as_transient_then_runs_again()
    {
        var schema = $"t_prepared_{Guid.NewGuid():N}"[..24];
        var prepared = new Npgsql.NpgsqlConnectionStringBuilder(ServiceEndpoints.PostgreSql) { MaxAutoPrepare = 8, AutoPrepareMinUsages = 2 }.ConnectionString;
        await using var other = new Npgsql.NpgsqlConnection(ServiceEndpoints.PostgreSql);
        await other.OpenAsync();
        await Execute(other, $"create schema {schema}; create table {schema}.item (id int primary key); insert into {schema}.item values (1)");
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(prepared);
            await connection.OpenAsync();
            for (var i = 0; i < 3; i++)
                await Execute(connection, $"select * from {schema}.item");

            await Execute(other, $"alter table {schema}.item add column name text");

            var refused = await Should.ThrowAsync<Npgsql.PostgresException>(() => Execute(connection, $"select * from {schema}.item"));
            TransientFaultHandler.IsTransient(refused).ShouldBeTrue(refused.MessageText);
            await Execute(connection, $"select * from {schema}.item");
        }
        finally
        {
            await Execute(other, $"drop schema {schema} cascade");
        }
    }

    private static async Task Execute(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    [Fact]
    public void A_fault_of_the_servers_own_making_is_not()
    {
        TransientFaultHandler.IsTransient(new InvalidOperationException("a bug")).ShouldBeFalse();
        TransientFaultHandler.IsTransient(new AggregateException(new ArgumentException())).ShouldBeFalse();
        TransientFaultHandler.IsTransient(new Npgsql.PostgresException("duplicate key", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.UniqueViolation)).ShouldBeFalse();
    }
}
