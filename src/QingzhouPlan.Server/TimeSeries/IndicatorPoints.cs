using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using JasperFx.Events;
using QingzhouPlan.Domain.Indicators;

namespace QingzhouPlan.Server.TimeSeries;

/// <summary>
/// Maps one event, with its indicator's state just before it, to the points it sets. A point is a pure
/// function of the event store, so replaying any range writes identical points.
/// </summary>
public static class IndicatorPoints
{
    public const string Actual = "indicator_actual";

    public static IReadOnlyList<PointData> For(IndicatorState before, IEvent @event)
    {
        if (before.Definition is not { } indicator)
            return [];
        return @event.Data switch
        {
            ValueReported reported =>
            [
                Tagged(Actual, indicator)
                    .Tag("period_kind", reported.Period.Kind.ToString().ToLowerInvariant())
                    .Field("value", reported.Value)
                    .Field("revision", @event.Version)
                    // The latest-known series: one point per period, at the instant the period ends.
                    .Timestamp(reported.Period.EndsAt, WritePrecision.Ms),
            ],
            _ => [],
        };
    }

    private static PointData Tagged(string measurement, IndicatorDefined indicator) =>
        PointData.Measurement(measurement)
            .Tag("plan", indicator.PlanId)
            .Tag("indicator", indicator.Code)
            .Tag("department", indicator.OwnerDepartment)
            .Tag("chapter", indicator.Chapter)
            .Tag("unit", indicator.Unit);
}
