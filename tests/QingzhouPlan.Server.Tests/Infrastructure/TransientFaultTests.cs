using QingzhouPlan.Server.Infrastructure;

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
    public void A_fault_of_the_servers_own_making_is_not()
    {
        TransientFaultHandler.IsTransient(new InvalidOperationException("a bug")).ShouldBeFalse();
        TransientFaultHandler.IsTransient(new AggregateException(new ArgumentException())).ShouldBeFalse();
        TransientFaultHandler.IsTransient(new Npgsql.PostgresException("duplicate key", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.UniqueViolation)).ShouldBeFalse();
    }
}
