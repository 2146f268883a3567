using Marten;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// What InfluxDB must hold, worked out straight from the event store with a plain fold that shares no
/// code with the projection: the figure standing per indicator and period, the targets by effective
/// date, and one revision per report, correction and retraction.
/// </summary>
public sealed record ProjectionOracle(
    IReadOnlyDictionary<string, decimal> Actuals,
    IReadOnlyDictionary<string, decimal> Targets,
    int Revisions)
{
    public static string ActualKey(string indicator, string periodKind, long timeMs) => $"{indicator}|{periodKind}|{timeMs}";

    public static async Task<ProjectionOracle> From(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        var codes = new Dictionary<string, string>();
        var years = new Dictionary<string, int>();
        var actuals = new Dictionary<string, decimal>();
        var targets = new Dictionary<string, decimal>();
        var revisions = 0;
        foreach (var e in events)
        {
            var stream = e.StreamKey!;
            switch (e.Data)
            {
                case IndicatorDefined d:
                    codes[stream] = $"{d.PlanId}/{d.Code}";
                    years[stream] = d.PlanYear;
                    break;
                // The adopted target governs from the plan year's first day, whatever day the plan was adopted.
                case TargetSet t:
                    targets[TargetKey(codes[stream], new DateOnly(years[stream], 1, 1))] = t.Target.Value;
                    break;
                case TargetAdjusted a:
                    targets[TargetKey(codes[stream], a.EffectiveFrom)] = a.Target.Value;
                    break;
                case ValueReported r:
                    actuals[Key(codes[stream], r.Period)] = r.Value;
                    revisions++;
                    break;
                case ValueCorrected c:
                    actuals[Key(codes[stream], c.Period)] = c.Value;
                    revisions++;
                    break;
                case ValueRetracted x:
                    actuals.Remove(Key(codes[stream], x.Period));
                    revisions++;
                    break;
            }
        }
        return new ProjectionOracle(actuals, targets, revisions);
    }

    /// <summary>The same three things as InfluxDB holds them, read back with InfluxQL.</summary>
    public static async Task<ProjectionOracle> Read(InfluxQuery influx)
    {
        static string Item(Dictionary<string, System.Text.Json.JsonElement> r) => $"{r["plan"].GetString()}/{r["indicator"].GetString()}";
        var actuals = (await influx.Rows("SELECT value FROM indicator_actual GROUP BY plan, indicator, period_kind"))
            .ToDictionary(r => ActualKey(Item(r), r["period_kind"].GetString()!, r["time"].GetInt64()), r => r["value"].GetDecimal());
        var targets = (await influx.Rows("SELECT value FROM indicator_target GROUP BY plan, indicator"))
            .ToDictionary(r => $"{Item(r)}|{r["time"].GetInt64()}", r => r["value"].GetDecimal());
        var revisions = (await influx.Rows("SELECT revision FROM indicator_revision GROUP BY *")).Count;
        return new ProjectionOracle(actuals, targets, revisions);
    }

    public void ShouldEqual(ProjectionOracle expected)
    {
        Actuals.OrderBy(a => a.Key).ShouldBe(expected.Actuals.OrderBy(a => a.Key));
        Targets.OrderBy(a => a.Key).ShouldBe(expected.Targets.OrderBy(a => a.Key));
        Revisions.ShouldBe(expected.Revisions);
    }

    private static string Key(string code, Period period) =>
        ActualKey(code, period.Kind.ToString().ToLowerInvariant(), period.EndsAt.ToUnixTimeMilliseconds());

    private static string TargetKey(string code, DateOnly effectiveFrom) =>
        $"{code}|{new DateTimeOffset(effectiveFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUnixTimeMilliseconds()}";
}
