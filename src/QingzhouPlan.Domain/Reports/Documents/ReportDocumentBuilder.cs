using System.Globalization;
using QingzhouPlan.Domain.Audit;
using QingzhouPlan.Domain.Forms;
using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Plans;
using QingzhouPlan.Domain.Progress;
using TaskStatus = QingzhouPlan.Domain.Tasks.TaskStatus;

namespace QingzhouPlan.Domain.Reports.Documents;

/// <summary>
/// Writes the execution report (执行情况) as a document, in the order and words such reports use: 一、总体情况 (counts,
/// and a sentence per headline indicator: 地区生产总值增长X%，完成年度目标的Y%), 二、主要指标完成情况 (a table per
/// chapter, a chart per headline indicator), 三、滞后指标及原因 (with the department's own words), 四、重点任务进展,
/// 五、变动情况 (against the edition before), and an appendix per department and on checking the figures. Everything
/// is in the plan's own order (items as the plan defined them, which is the order of their first events), never by
/// when it was read, so the same sources give the same document.
/// </summary>
public static class ReportDocumentBuilder
{
    public static ReportDocument Build(DocumentSources sources)
    {
        var plan = sources.Plan;
        var streams = sources.Known.GroupBy(e => PlanKeys.Split(e.Stream).Code).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).ToList());
        var defined = streams.ToDictionary(s => s.Key, s => s.Value[0].Sequence);
        var asOf = AsOfReport.Build(plan.PlanId, sources.Period, sources.AsOf, sources.Known);
        var report = asOf with
        {
            Indicators = asOf.Indicators.OrderBy(l => defined.GetValueOrDefault(l.Code, long.MaxValue)).ThenBy(l => l.Code, StringComparer.Ordinal).ToList(),
            Tasks = asOf.Tasks.OrderBy(t => defined.GetValueOrDefault(t.Code, long.MaxValue)).ThenBy(t => t.Code, StringComparer.Ordinal).ToList(),
        };
        var histories = streams.ToDictionary(s => s.Key, s => History.Of(s.Value));
        var chapters = plan.Chapters.Select((c, i) => (Chapter: c, Order: i)).ToDictionary(c => c.Chapter.Code, c => c);
        var departments = sources.DepartmentNames;
        string Department(string code) => departments.GetValueOrDefault(code, code);
        var blocks = new List<DocumentBlock>();

        // 一、总体情况
        blocks.Add(new DocumentBlock.Heading(1, $"{ChineseNumbers.Chapter(1)}总体情况"));
        blocks.Add(new DocumentBlock.Paragraph(Overview(report)));
        var headline = plan.Chapters.FirstOrDefault()?.Code;
        var headlines = report.Indicators.Where(l => l.Chapter == headline).ToList();
        if (headlines.Count > 0)
            blocks.Add(new DocumentBlock.Paragraph(string.Join("；", headlines.Select(Sentence)) + "。"));
        blocks.Add(new DocumentBlock.Paragraph(TaskOverview(report.Tasks)));
        if (report.Errors.Count > 0)
            blocks.Add(new DocumentBlock.Paragraph($"另有{report.Errors.Count}项因记录无法评估，未计入以上统计：{string.Join("、", report.Errors.Select(e => e.Code))}。"));

        // 二、主要指标完成情况: the plan's chapters in order, a table each; the headline chapter's charts after its table.
        blocks.Add(new DocumentBlock.Heading(1, $"{ChineseNumbers.Chapter(2)}主要指标完成情况"));
        var section = 0;
        foreach (var group in report.Indicators.GroupBy(l => l.Chapter).OrderBy(g => chapters.TryGetValue(g.Key, out var c) ? c.Order : int.MaxValue).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var title = chapters.TryGetValue(group.Key, out var chapter) ? chapter.Chapter.Title : group.Key;
            blocks.Add(new DocumentBlock.Heading(2, $"{ChineseNumbers.Section(++section)}{title}"));
            blocks.Add(IndicatorTable($"表{section}　{title}", group.ToList(), Department));
            if (group.Key == headline)
                foreach (var line in group.Where(l => streams.ContainsKey(l.Code)))
                    blocks.Add(HeadlineSeries.Of(IndicatorState.From(streams[line.Code].Select(e => (e.Data, e.RecordedAt))), sources.Period));
        }

        // 三、滞后指标及原因
        blocks.Add(new DocumentBlock.Heading(1, $"{ChineseNumbers.Chapter(3)}滞后指标及原因"));
        var lagging = report.Indicators.Where(l => l.Status == ProgressStatus.Lagging).ToList();
        if (lagging.Count == 0)
            blocks.Add(new DocumentBlock.Paragraph("本期没有滞后于序时进度的指标。"));
        for (var i = 0; i < lagging.Count; i++)
            blocks.Add(new DocumentBlock.Paragraph($"{i + 1}. {Lagging(lagging[i], histories.GetValueOrDefault(lagging[i].Code) ?? [], Department)}"));

        // 四、重点任务进展, by status, most urgent first.
        blocks.Add(new DocumentBlock.Heading(1, $"{ChineseNumbers.Chapter(4)}重点任务进展"));
        var order = new[] { TaskStatus.AtRisk, TaskStatus.InProgress, TaskStatus.NotStarted, TaskStatus.Done, TaskStatus.Cancelled };
        var statusSection = 0;
        foreach (var status in order)
        {
            var tasks = report.Tasks.Where(t => t.Status == status).ToList();
            if (tasks.Count == 0)
                continue;
            blocks.Add(new DocumentBlock.Heading(2, $"{ChineseNumbers.Section(++statusSection)}{FormColumns.Describe(status)}（{tasks.Count}项）"));
            for (var i = 0; i < tasks.Count; i++)
                blocks.Add(new DocumentBlock.Paragraph($"{i + 1}. {Task(tasks[i], histories.GetValueOrDefault(tasks[i].Code) ?? [], Department)}"));
        }

        // 五、变动情况
        blocks.Add(new DocumentBlock.Heading(1, $"{ChineseNumbers.Chapter(5)}变动情况"));
        blocks.AddRange(Changes(sources, report));

        // 附录
        blocks.Add(new DocumentBlock.Heading(1, "附录一　各部门指标"));
        var deptSection = 0;
        foreach (var group in report.Indicators.GroupBy(l => l.Department).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            blocks.Add(new DocumentBlock.Heading(2, $"{ChineseNumbers.Section(++deptSection)}{Department(group.Key)}"));
            blocks.Add(IndicatorTable($"{Department(group.Key)}承担的指标", group.ToList(), Department));
        }
        blocks.Add(new DocumentBlock.Heading(1, "附录二　数据核验"));
        blocks.AddRange(Verification(sources, report));

        var periodText = PeriodText(sources.Period);
        var stamp = sources.Edition?.PublishedAt ?? sources.AsOf;
        var subtitle = sources.Edition is { } edition
            ? $"（{periodText}）　第{edition.Number}版　{Day(edition.PublishedAt)}发布"
            : $"（{periodText}）　截至{Instant(sources.AsOf)}";
        var footer = sources.Edition is { } e
            ? $"第{e.Number}版{(e.Proof is { } proof ? $"　{proof}" : "")}"
            : $"截至{Instant(sources.AsOf)}重建，未发布";
        return new ReportDocument($"{plan.Title}执行情况", subtitle, footer, stamp, blocks);
    }

    /// <summary>The span a year-to-date report covers, as such reports title it: 2024年1—6月, 2024年1月, 2024年全年.</summary>
    public static string PeriodText(Periods.Period period) => period.LastMonth switch
    {
        12 => $"{period.Year}年全年",
        1 => $"{period.Year}年1月",
        var last => $"{period.Year}年1—{last}月",
    };

    private static string Overview(ExecutionReport report)
    {
        var lines = report.Indicators;
        int Count(ProgressStatus s) => lines.Count(l => l.Status == s);
        return $"纳入监测的量化指标{lines.Count}项，其中已完成年度目标{Count(ProgressStatus.Met)}项，达到序时进度{Count(ProgressStatus.OnTrack)}项，"
            + $"滞后于序时进度{Count(ProgressStatus.Lagging)}项，暂无数据{Count(ProgressStatus.NoData)}项。";
    }

    private static string TaskOverview(IReadOnlyList<TaskLine> tasks)
    {
        int Count(TaskStatus s) => tasks.Count(t => t.Status == s);
        return $"重点任务{tasks.Count}项，已完成{Count(TaskStatus.Done)}项，推进中{Count(TaskStatus.InProgress)}项，有风险{Count(TaskStatus.AtRisk)}项，"
            + $"未启动{Count(TaskStatus.NotStarted)}项{(Count(TaskStatus.Cancelled) > 0 ? $"，已取消{Count(TaskStatus.Cancelled)}项" : "")}。";
    }

    /// <summary>A headline indicator in one clause, as such reports word it: 地区生产总值增长5.6%，完成年度目标的101.8%.</summary>
    public static string Sentence(IndicatorLine line)
    {
        if (line.Value is not { } value)
            return $"{line.Name}本期尚无数据";
        var figure = line.Name.EndsWith("增长", StringComparison.Ordinal) && value < 0
            ? $"{line.Name[..^2]}下降{Number(-value)}{line.Unit}"
            : $"{line.Name}{Number(value)}{line.Unit}";
        // A completion share of a fall means nothing to a reader: a decline is said as such, without one.
        var completion = line.Completion is { } c && value > 0 ? $"，完成年度目标的{Percent(c)}" : "";
        return figure + completion + line.Status switch
        {
            ProgressStatus.Met => "，已完成年度目标",
            ProgressStatus.OnTrack => "，达到序时进度",
            ProgressStatus.Lagging => "，滞后于序时进度",
            _ => "",
        };
    }

    private static DocumentBlock.Table IndicatorTable(string caption, IReadOnlyList<IndicatorLine> lines, Func<string, string> department) =>
        new(caption,
        [
            new TableColumn("序号", 0.06), new TableColumn("指标", 0.24), new TableColumn("单位", 0.07), new TableColumn("年度目标", 0.13),
            new TableColumn("本期实际", 0.1, true), new TableColumn("序时进度", 0.1, true), new TableColumn("完成率（%）", 0.12, true),
            new TableColumn("状态", 0.08), new TableColumn("责任单位", 0.1),
        ],
        lines.Select((l, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(CultureInfo.InvariantCulture), l.Name, l.Unit, l.TargetText ?? "—", Number(l.Value), Number(l.Expected),
            l.Completion is { } c ? Number(Math.Round(c * 100m, 1)) : "—", Status(l.Status), department(l.Department),
        ]).ToList());

    private static string Lagging(IndicatorLine line, IReadOnlyList<HistoryEntry> history, Func<string, string> department)
    {
        var own = history.Where(h => h.Period == line.OwnPeriod).ToList();
        // The department's own words: the latest 上报说明 or report note, and every correction's reason.
        var said = own.LastOrDefault(h => h.Change is "explained" or "reported" && !string.IsNullOrWhiteSpace(h.Reason))?.Reason;
        var corrected = own.Where(h => h.Change == "corrected" && !string.IsNullOrWhiteSpace(h.Reason)).Select(h => h.Reason!).ToList();
        return $"{line.Name}（{department(line.Department)}）：本期{Number(line.Value)}{line.Unit}，序时进度{Number(line.Expected)}{line.Unit}，"
            + $"年度目标{line.TargetText}。{(said is null ? "部门未作说明。" : $"部门说明：{Sentence(said)}")}"
            + (corrected.Count > 0 ? $"更正原因：{string.Join("；", corrected)}。" : "");
    }

    private static string Task(TaskLine task, IReadOnlyList<HistoryEntry> history, Func<string, string> department)
    {
        var latest = history.LastOrDefault(h => h.Change == "progress" && !string.IsNullOrWhiteSpace(h.Reason))?.Reason;
        return $"{task.Text}（{department(task.Department)}）{(latest is null ? "。" : $"：{Sentence(latest)}")}";
    }

    private static IEnumerable<DocumentBlock> Changes(DocumentSources sources, ExecutionReport report)
    {
        if (sources.Previous is not { Mark: var previous, Known: var known })
        {
            yield return new DocumentBlock.Paragraph("此前未发布本期的执行情况版本，本期不列变动。");
            yield break;
        }
        var before = AsOfReport.Build(sources.Plan.PlanId, sources.Period, previous.PublishedAt, known);
        var diff = ReportComparison.Between(before, report, ReportComparison.Between(sources.Known, sources.Period, previous.PublishedAt, sources.AsOf));
        var figures = diff.Changes.Where(c => c.What is "value" or "target" or "task status").ToList();
        yield return new DocumentBlock.Paragraph($"与第{previous.Number}版（{Day(previous.PublishedAt)}发布）相比，{(figures.Count == 0 ? "本期数据没有变动。" : $"有{figures.Count}处变动：")}");
        if (figures.Count > 0)
            yield return new DocumentBlock.Table($"自第{previous.Number}版以来的变动",
            [
                new TableColumn("序号", 0.06), new TableColumn("项目", 0.26), new TableColumn("变动项", 0.1), new TableColumn("原为", 0.14),
                new TableColumn("现为", 0.14), new TableColumn("原因", 0.3),
            ],
            figures.Select((c, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture), c.Name, What(c.What), Words(c.Before), Words(c.After),
                string.Join("；", c.Because.Select(b => b.Reason).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct()),
            ]).ToList());
    }

    private static IEnumerable<DocumentBlock> Verification(DocumentSources sources, ExecutionReport report)
    {
        if (sources.Edition is { } edition)
        {
            yield return new DocumentBlock.Paragraph($"本文件为第{edition.Number}版“{edition.Title}”，由该版固定的全部事件重建，任何时候生成的文件完全相同。"
                + (edition.Proof is { } proof ? $"该版发布及下表各数据均已记入公开透明日志，{proof}。" : ""));
            yield return new DocumentBlock.Paragraph("核验方法：下载该版的导出文件（GET /api/plans/{计划}/editions/{版次}/export）和日志公钥（GET /log/key），"
                + "运行独立核验程序 qzverify edition <导出.json> --key <日志公钥> --tiles <日志地址或镜像目录>；"
                + "程序逐一核对每个数据所在的日志叶及其包含证明与签名检查点，不需要信任服务器。下表列出每个数据的日志叶序号，可与导出文件逐项对照。");
        }
        else
            yield return new DocumentBlock.Paragraph($"本文件按{Instant(sources.AsOf)}时已记录的全部事件重建，未经发布，没有签名检查点；正式引用和核验请以已发布版本为准。");
        var leaves = sources.Leaves;
        yield return new DocumentBlock.Table("各数据的记录位置",
        [
            new TableColumn("指标代码", 0.3), new TableColumn("数据期", 0.15), new TableColumn("本期实际", 0.2, true),
            new TableColumn(leaves is null ? "事件版本" : "日志叶序号", 0.15, true), new TableColumn("已核实", 0.2),
        ],
        report.Indicators.Where(l => l.Value is not null).Select(l => (IReadOnlyList<string>)
        [
            l.Code, l.OwnPeriod ?? "—", Number(l.Value),
            (leaves is null ? l.Version : leaves.GetValueOrDefault((l.Code, l.OwnPeriod ?? ""), -1)) is var n && n >= 0 ? n.ToString(CultureInfo.InvariantCulture) : "—",
            l.Verified ? "是" : "否",
        ]).ToList());
    }

    private static string Status(ProgressStatus status) => status switch
    {
        ProgressStatus.Met => "已完成",
        ProgressStatus.OnTrack => "达序时",
        ProgressStatus.Lagging => "滞后",
        ProgressStatus.NoData => "无数据",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static string What(string what) => what switch
    {
        "value" => "数值",
        "target" => "目标",
        "task status" => "任务状态",
        _ => what,
    };

    // A task's status travels through the diff by its enum name; the document says it in words.
    private static string Words(string? text) =>
        text is null ? "—" : Enum.TryParse<TaskStatus>(text, out var status) ? FormColumns.Describe(status) : text;

    public static string Number(decimal? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    private static string Percent(decimal ratio) => $"{Math.Round(ratio * 100m, 1).ToString("0.#", CultureInfo.InvariantCulture)}%";

    private static string Sentence(string text) => text.TrimEnd().EndsWith('。') ? text.TrimEnd() : text.TrimEnd() + "。";

    private static string Day(DateTimeOffset instant) => instant.ToOffset(Periods.PlanClock.ChinaOffset).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset instant) => instant.ToOffset(Periods.PlanClock.ChinaOffset).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);
}
