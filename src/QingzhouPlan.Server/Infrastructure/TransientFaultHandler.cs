using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// A fault that passes — a silo that died and is not yet declared dead, PostgreSQL restarting — answers 503
/// with Retry-After rather than 500. Nothing was acknowledged; the command may or may not have been recorded
/// (a commit can succeed just before the connection drops), and sending the same request again is safe: a
/// report carries its id, and a repeated command with the same key is answered, not applied twice.
/// </summary>
public sealed class TransientFaultHandler(IProblemDetailsService problems, ILogger<TransientFaultHandler> logger) : IExceptionHandler
{
    // A failover answers hundreds of requests 503 in seconds: one warning every few seconds says how many, not one each.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);
    private long _since;
    private long _warnedAt;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception))
            return false;
        logger.LogDebug("{Method} {Path} answered 503 during a passing fault: {Error}", context.Request.Method, context.Request.Path, exception.Message);
        var count = Interlocked.Increment(ref _since);
        var last = Interlocked.Read(ref _warnedAt);
        if ((last == 0 || TimeProvider.System.GetElapsedTime(last) >= Quiet)
            && Interlocked.CompareExchange(ref _warnedAt, TimeProvider.System.GetTimestamp(), last) == last)
        {
            Interlocked.Add(ref _since, -count);
            logger.LogWarning("{Count} request(s) answered 503 (resend) during a passing fault since the last such warning; the latest, {Method} {Path}: {Error}",
                count, context.Request.Method, context.Request.Path, exception.Message);
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "暂时无法处理 / temporarily unavailable",
                Detail = "A part of the system is failing over. The request may not have been recorded: send the same request again (the same reportId or Idempotency-Key makes that safe).",
            },
        });
        return true;
    }

    /// <summary>idle_in_transaction_session_timeout (Npgsql names no constant for it).</summary>
    public const string IdleInTransactionTimeout = "25P03";

    public static bool IsTransient(Exception exception) => exception switch
    {
        OrleansMessageRejectionException or SiloUnavailableException => true,
        // A grain call unanswered within Orleans' response timeout: its silo stalled, or is being declared dead.
        TimeoutException => true,
        NpgsqlException { IsTransient: true } => true,
        // A transaction PostgreSQL ended because it sat idle (a stalled process: Marten:IdleInTransactionSeconds),
        // or because the server is shutting down: nothing of it was committed.
        PostgresException { SqlState: IdleInTransactionTimeout or PostgresErrorCodes.AdminShutdown } => true,
        // A statement this connection prepared (Marten:MaxAutoPrepare) whose table another process has since
        // altered, a rolling upgrade: PostgreSQL refuses it once and Npgsql prepares it afresh next time.
        PostgresException { SqlState: PostgresErrorCodes.FeatureNotSupported, MessageText: var text }
            when text.Contains("cached plan must not change result type", StringComparison.Ordinal) => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
