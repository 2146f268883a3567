using QingzhouPlan.Server.Access;

namespace QingzhouPlan.Server.TimeSeries;

public static class TimeSeriesEndpoints
{
    public static void MapTimeSeriesAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/projections/influx").WithTags("Administration");
        group.MapGet("/", async (ProjectionRebuild rebuild, CancellationToken ct) => Results.Ok(await rebuild.Status(ct)))
            .RequireAuthorization(Policies.Audit)
            .WithSummary("The InfluxDB projection: lag behind the event store, and any rebuild's progress");
        group.MapPost("/rebuild", async (ProjectionRebuild rebuild, CancellationToken ct) =>
                await rebuild.Start(ct) is { } status
                    ? Results.Accepted("/api/admin/projections/influx", status)
                    : Infrastructure.Problems.Field(StatusCodes.Status409Conflict, "rebuild", "a rebuild is already running"))
            .RequireAuthorization(Policies.Administer)
            .WithSummary("Drop the time series and replay every event into InfluxDB (admin); poll the status for progress");
    }
}
