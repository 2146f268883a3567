using Marten;
using QingzhouPlan.Server.Access;

namespace QingzhouPlan.Server.TimeSeries;

public static class TimeSeriesEndpoints
{
    public static void MapTimeSeriesAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/projections/influx").WithTags("Administration");
        group.MapGet("/", async (ProjectionRebuild rebuild, IQuerySession session, CancellationToken ct) =>
                Results.Ok(await rebuild.Status(ct) with { DeadLetters = await session.Query<DeadLetter>().OrderBy(d => d.Id).ToListAsync(ct) }))
            .RequireAuthorization(Policies.Audit)
            .WithSummary("The InfluxDB projection: lag behind the event store, any rebuild's progress, and the events it set aside");
        group.MapPost("/dead-letters/{id:long}/acknowledge", async (long id, HttpContext context, IDocumentSession session, CancellationToken ct) =>
            {
                if (await session.LoadAsync<DeadLetter>(id, ct) is not { } letter)
                    return Infrastructure.Problems.Field(StatusCodes.Status404NotFound, "id", $"no event {id} was set aside");
                session.Store(letter with { AcknowledgedAt = TimeProvider.System.GetUtcNow(), AcknowledgedBy = context.User.Identity?.Name });
                await session.SaveChangesAsync(ct);
                return Results.Ok(new { id, acknowledged = true });
            })
            .RequireAuthorization(Policies.Administer)
            .WithSummary("Acknowledge an event the projection set aside (admin): it stays listed, and no longer makes /health Unhealthy");
        group.MapPost("/rebuild", async (ProjectionRebuild rebuild, CancellationToken ct) =>
                await rebuild.Start(ct) switch
                {
                    ({ } status, _) => Results.Accepted("/api/admin/projections/influx", status),
                    (_, var refused) => Infrastructure.Problems.Field(StatusCodes.Status409Conflict, "rebuild", refused ?? "refused"),
                })
            .RequireAuthorization(Policies.Administer)
            .WithSummary("Drop the time series and replay every event into InfluxDB (admin); poll the status for progress");
    }
}
