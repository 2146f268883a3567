using QingzhouPlan.Domain.Calendar;
using QingzhouPlan.Domain.Indicators;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>A report the server will accept: a new period of an indicator, by its owning department.</summary>
public sealed record ReportSlot(string Plan, string Code, string Department, string Period, decimal Value, string Unit)
{
    public string Url => $"/api/plans/{Plan}/indicators/{Code}/reports";

    public object Body => new { reportId = $"slot-{Code}-{Period}", period = Period, value = Value, unit = Unit };

    /// <summary>
    /// One report per indicator with a target and each of its periods, round-robin over the indicators so that
    /// reports sent at once go to different items. Every figure is on track: growth rates are 5.5% (every headline
    /// target), other figures the target's share of the year so far, rounded up (序时进度), so none needs the 上报说明
    /// the plan's soft rules ask of a lagging figure or of one far from last year's.
    /// </summary>
    public static async Task<IReadOnlyList<ReportSlot>> For(ServerProcess server, string plan)
    {
        using var viewer = server.ClientAs("slots.viewer", "tjj", "viewer");
        var indicators = await viewer.GetFromJsonList($"/api/plans/{plan}/indicators");
        var perIndicator = indicators
            .Where(i => i.GetProperty("targets").GetArrayLength() > 0)
            .Select(i => ReportingCalendar.PeriodsOf(Enum.Parse<Frequency>(i.GetProperty("frequency").GetString()!), i.GetProperty("planYear").GetInt32())
                .Select(p => new ReportSlot(plan, i.GetProperty("code").GetString()!, i.GetProperty("ownerDepartment").GetString()!, p.ToString(),
                    Enum.Parse<MeasureKind>(i.GetProperty("measure").GetString()!) switch
                    {
                        MeasureKind.GrowthRate => 5.5m,
                        MeasureKind.LevelRatio => 60m + p.LastMonth,
                        _ => Math.Ceiling(i.GetProperty("targets")[0].GetProperty("target").GetProperty("value").GetDecimal() * p.LastMonth / 12m),
                    }, i.GetProperty("unit").GetString()!))
                .ToList())
            .ToList();
        var slots = new List<ReportSlot>();
        for (var round = 0; perIndicator.Any(p => round < p.Count); round++)
            slots.AddRange(perIndicator.Where(p => round < p.Count).Select(p => p[round]));
        return slots;
    }

    /// <summary>Each slot's figure stands, as the item's grain now serves it.</summary>
    public static async Task ShouldAllStand(HttpClient viewer, IEnumerable<ReportSlot> acknowledged)
    {
        foreach (var item in acknowledged.GroupBy(s => (s.Plan, s.Code)))
        {
            var figures = (await (await viewer.GetAsync($"/api/plans/{item.Key.Plan}/indicators/{item.Key.Code}/figures")).Json())
                .GetProperty("figures").EnumerateArray()
                .ToDictionary(f => f.GetProperty("period").GetString()!, f => f.GetProperty("value").GetDecimal());
            foreach (var slot in item)
                figures.GetValueOrDefault(slot.Period).ShouldBe(slot.Value, $"{slot.Code} {slot.Period} was acknowledged");
        }
    }
}
