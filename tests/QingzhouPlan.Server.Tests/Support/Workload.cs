using System.Net;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>Reports, corrections, a retraction, a verification and a target adjustment, through HTTP.</summary>
public static class Workload
{
    /// <summary>Monthly figures of 重点工业项目完成投资 and “地企互采” for January up to the given month, 7.5 and 2.5 亿元 a month.</summary>
    public static async Task ReportMonths(PlanHost host, int fromMonth, int toMonth)
    {
        var gxj = host.ClientAs("zhao.min", "gxj");
        for (var month = fromMonth; month <= toMonth; month++)
        {
            await Expect(gxj.PostJson("/api/plans/qingzhou-2024/indicators/KEY-INDUSTRIAL-INVESTMENT/reports",
                new { reportId = $"kii-{month}", period = $"2024-{month:D2}", value = 7.5m * month, unit = "亿元" }));
            await Expect(gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/reports",
                new { reportId = $"lp-{month}", period = $"2024-{month:D2}", value = 2.5m * month, unit = "亿元" }));
        }
    }

    /// <summary>January to July reported, every other kind of change once, and all of it projected to InfluxDB.</summary>
    public static async Task MonthsAndChangesProjected(PlanHost host)
    {
        await ReportMonths(host, 1, 7);
        await ChangeFigures(host);
        await host.WaitForProjections();
    }

    /// <summary>After <see cref="ReportMonths"/> up to June at least: every other kind of change once.</summary>
    public static async Task ChangeFigures(PlanHost host)
    {
        var gxj = host.ClientAs("zhao.min", "gxj");
        var reviewer = host.ClientAs("qian.jun", "fgj", "reviewer");
        await Expect(gxj.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/corrections",
            new { period = "2024-03", value = 7m, unit = "亿元", reason = "补录" }));
        await Expect(gxj.PostJson("/api/plans/qingzhou-2024/indicators/KEY-INDUSTRIAL-INVESTMENT/retractions",
            new { period = "2024-06", reason = "数据未经审核" }));
        await Expect(reviewer.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/verifications", new { period = "2024-05" }));
        await Expect(reviewer.PostJson("/api/plans/qingzhou-2024/indicators/LOCAL-PROCUREMENT/target-adjustments",
            new { value = 28m, comparator = "Exceed", reason = "市场需求变化", legalBasis = "市人大常委会批准", effectiveFrom = "2024-05-01" }));
        await Expect(host.ClientAs("sun.li", "tjj").PostJson("/api/plans/qingzhou-2024/indicators/GDP/reports",
            new { reportId = "gdp-q1", period = "2024-Q1", value = 5.8m, unit = "%" }));
    }

    private static async Task Expect(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
