using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Reports;

namespace QingzhouPlan.Server.Reports;

/// <summary>Reports, diffs and histories as export tables, and the HTTP answer for a requested format.</summary>
public static class Exports
{
    public static ExportTable Of(ExecutionReport report, string? edition = null) => new(
        $"{report.PlanId} 执行情况 {report.Period}",
        [("报告期", report.Period), ("截至时点", Instant(report.AsOf)), ("版本", edition ?? "（未发布，按时点重建）")],
        ["指标代码", "指标名称", "章节", "责任部门", "单位", "数据期", "本期数值", "已核实", "目标值", "目标", "序时进度值", "完成率", "状态", "流版本"],
        report.Indicators.Select(l => new object?[]
        {
            l.Code, l.Name, l.Chapter, l.Department, l.Unit, l.OwnPeriod, l.Value, l.Verified, l.Target, l.TargetText, l.Expected, l.Completion,
            l.Status.ToString(), l.Version,
        }).Concat(report.Tasks.Select(t => new object?[]
        {
            t.Code, t.Text, t.Chapter, t.Department, null, null, null, null, null, null, null, null, t.Status.ToString(), t.Version,
        })).ToList());

    public static ExportTable Of(ReportDiff diff) => new(
        $"变化对照 {diff.Period}",
        [("报告期", diff.Period), ("起", Instant(diff.From)), ("止", Instant(diff.To))],
        ["代码", "名称", "变化项", "变化前", "变化后", "操作人", "部门", "原因", "记录时间"],
        diff.Changes.SelectMany(c => (c.Because.Count == 0 ? [null] : c.Because.Select(b => (HistoryEntry?)b)).Select(b => new object?[]
        {
            c.Code, c.Name, c.What, c.Before, c.After, b?.User, b?.Department, b?.Reason, b?.RecordedAt,
        })).ToList());

    public static ExportTable Of(string item, IReadOnlyList<HistoryEntry> history) => new(
        $"变更历史 {item}",
        [("对象", item), ("条数", history.Count.ToString())],
        ["版本", "记录时间", "变更", "期别", "原值", "新值", "操作人", "部门", "原因", "追踪号"],
        history.Select(h => new object?[]
        {
            h.Version, h.RecordedAt, h.Change, h.Period, h.From, h.To, h.User, h.Department, h.Reason, h.CorrelationId,
        }).ToList());

    /// <summary>JSON (the object itself), CSV or Excel, by the format query parameter.</summary>
    public static IResult Answer(string? format, object json, Func<ExportTable> table, string fileName) => (format ?? "json").ToLowerInvariant() switch
    {
        "json" => Results.Ok(json),
        "csv" => Results.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(table().ToCsv())).ToArray(),
            "text/csv; charset=utf-8", $"{fileName}.csv"),
        "xlsx" => Results.File(table().ToXlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{fileName}.xlsx"),
        _ => Infrastructure.Problems.Field(StatusCodes.Status400BadRequest, "format", "one of json, csv, xlsx"),
    };

    private static string Instant(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss.fff'+08:00'");
}
